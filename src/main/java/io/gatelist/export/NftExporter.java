package io.gatelist.export;

import io.gatelist.answer.PublicText;
import io.gatelist.lookup.Decision;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.VerdictCodes;
import io.gatelist.policy.IpPrefix;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * nftables interval sets of the standard verdict: {@code gatelist_blocked_ipv4/6} hold every address whose
 * standard verdict is BLOCKED (blocked minus approved, country steps included), {@code gatelist_approved_ipv4/6}
 * every APPROVED one, as disjoint CIDR blocks. The file holds set blocks only, so that it can be included inside
 * any table: sets belong to a table, and rules can only use the sets of their own table.
 */
final class NftExporter implements Exporter {

    @Override
    public long write(PolicySnapshot snapshot, PublicText text, Writer out) throws IOException {
        List<IpPrefix> blocked4 = new ArrayList<>();
        List<IpPrefix> approved4 = new ArrayList<>();
        List<IpPrefix> blocked6 = new ArrayList<>();
        List<IpPrefix> approved6 = new ArrayList<>();
        VerdictMap map = new VerdictMap(snapshot, Mode.STANDARD);
        DecisionJoiner v4 = new DecisionJoiner(blocked4, approved4);
        map.forEachIpv4(v4::add);
        v4.flush();
        DecisionJoiner v6 = new DecisionJoiner(blocked6, approved6);
        map.forEachIpv6(v6::add);
        v6.flush();
        out.write("# Gatelist nftables sets (standard verdicts), from snapshot revision " + snapshot.info().revision()
                + ", checksum " + snapshot.info().checksumHex() + ", compiled " + snapshot.info().created() + ".\n");
        out.write("# Include inside a table, e.g.\n"
                + "#   table inet filter {\n"
                + "#     include \"/etc/nftables.d/gatelist.nft\"\n"
                + "#     chain input { type filter hook input priority 0; tcp dport 25 ip saddr @gatelist_blocked_ipv4 drop; }\n"
                + "#   }\n");
        long elements = 0;
        elements += set(out, "gatelist_blocked_ipv4", "ipv4_addr", blocked4);
        elements += set(out, "gatelist_blocked_ipv6", "ipv6_addr", blocked6);
        elements += set(out, "gatelist_approved_ipv4", "ipv4_addr", approved4);
        elements += set(out, "gatelist_approved_ipv6", "ipv6_addr", approved6);
        return elements;
    }

    private static long set(Writer out, String name, String type, List<IpPrefix> elements) throws IOException {
        out.write("set " + name + " {\n\ttype " + type + "\n\tflags interval\n");
        if (!elements.isEmpty()) { // nft refuses an empty element list
            out.write("\telements = {\n");
            for (int i = 0; i < elements.size(); i++) {
                out.write("\t\t" + elements.get(i).canonical() + (i + 1 < elements.size() ? ",\n" : "\n"));
            }
            out.write("\t}\n");
        }
        out.write("}\n");
        return elements.size();
    }

    /** Joins neighbouring runs with the same decision (whatever the entry) and splits them into CIDR blocks. */
    private static final class DecisionJoiner {
        private final List<IpPrefix> blocked;
        private final List<IpPrefix> approved;
        private VerdictRun pending;
        private Decision decision;

        DecisionJoiner(List<IpPrefix> blocked, List<IpPrefix> approved) {
            this.blocked = blocked;
            this.approved = approved;
        }

        void add(VerdictRun run) {
            Decision next = VerdictCodes.decision(run.code());
            if (pending != null && next == decision && run.follows(pending)) {
                pending = pending.through(run);
                return;
            }
            flush();
            pending = next == Decision.NONE ? null : run;
            decision = next;
        }

        void flush() {
            if (pending != null) {
                Cidrs.split(pending, (decision == Decision.BLOCKED ? blocked : approved)::add);
                pending = null;
            }
        }
    }
}
