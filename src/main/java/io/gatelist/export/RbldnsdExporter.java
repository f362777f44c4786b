package io.gatelist.export;

import io.gatelist.answer.Listing;
import io.gatelist.answer.Listings;
import io.gatelist.answer.PublicText;
import io.gatelist.answer.ReturnCodes;
import io.gatelist.answer.SubZone;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import io.gatelist.policy.IpPrefix;

/**
 * An rbldnsd {@code combined} dataset holding an {@code ip4trie} and an {@code ip6trie} that answer exactly like
 * Gatelist's {@code r} zone: the effective blocked set of standard mode (blocked minus approved, country steps
 * included), cut where the verdict changes and split into CIDR blocks, each with the A value and TXT text that
 * {@code serve-dns} answers (the {@link PublicText public text}, whose {@code $} rbldnsd replaces with the address
 * asked about as {@code serve-dns} does). Because the blocks never overlap, rbldnsd's longest-prefix rule cannot change an
 * answer. The RFC 5782 test entry is listed and 127.0.0.1 never is, as in {@code serve-dns}; rbldnsd answers
 * IPv4-mapped IPv6 queries from the IPv4 data, as {@code serve-dns} does.
 *
 * <p>Serve it with {@code rbldnsd -b ADDRESS/PORT r.ZONE:combined:FILE}.
 */
final class RbldnsdExporter implements Exporter {

    @Override
    public long write(PolicySnapshot snapshot, PublicText text, Writer out) throws IOException {
        PublicText rbldnsd = text.forRbldnsd(); // rbldnsd puts the address asked about in for $
        out.write("# Gatelist r zone (standard-mode verdicts) for rbldnsd, from snapshot revision "
                + snapshot.info().revision() + ", checksum " + snapshot.info().checksumHex() + ", compiled "
                + snapshot.info().created() + ".\n");
        out.write("# Serve with: rbldnsd -b 127.0.0.1/53 r.ZONE:combined:THIS-FILE\n");
        out.write("# A values: " + ReturnCodes.text(ReturnCodes.BLOCKED_IP) + " blocked-ip and the RFC 5782 test entry, "
                + ReturnCodes.text(ReturnCodes.BLOCKED_COUNTRY) + " blocked-country, "
                + ReturnCodes.text(ReturnCodes.REPUTATION_STANDARD) + " reputation-standard.\n");
        long[] lines = {0};
        VerdictMap map = new VerdictMap(snapshot, Mode.STANDARD)
                .cutIpv4Before(Listings.NEVER_LISTED, Listings.TEST_ENTRY, Listings.TEST_ENTRY + 1L);
        out.write("$DATASET ip4trie:gatelist-ipv4 @\n");
        Joiner v4 = new Joiner(out, lines);
        map.forEachIpv4(run -> v4.add(run, Listings.ipv4(snapshot, SubZone.STANDARD, (int) run.startLow(),
                rbldnsd)));
        v4.flush();
        out.write("$DATASET ip6trie:gatelist-ipv6 @\n");
        Joiner v6 = new Joiner(out, lines);
        map.forEachIpv6(run -> v6.add(run,
                Listings.ipv6(snapshot, SubZone.STANDARD, run.startHigh(), run.startLow(), rbldnsd)));
        v6.flush();
        return lines[0];
    }

    /** Joins neighbouring runs with the same listing, then writes them as CIDR lines. */
    private static final class Joiner {
        private final Writer out;
        private final long[] lines;
        private VerdictRun pending;
        private Listing listing;

        Joiner(Writer out, long[] lines) {
            this.out = out;
            this.lines = lines;
        }

        void add(VerdictRun run, Listing next) throws IOException {
            if (pending != null && next != null && next.equals(listing) && run.follows(pending)) {
                pending = pending.through(run);
                return;
            }
            flush();
            if (next != null) {
                pending = run;
                listing = next;
            }
        }

        void flush() throws IOException {
            if (pending == null) {
                return;
            }
            // The test entry's fixed text holds no $; a template's $ and $$ are rbldnsd's own syntax.
            String value = " :" + ReturnCodes.text(listing.code()) + ":" + listing.text() + "\n";
            List<IpPrefix> blocks = new ArrayList<>();
            Cidrs.split(pending, blocks::add);
            for (IpPrefix block : blocks) {
                out.write(block.canonical());
                out.write(value);
            }
            lines[0] += blocks.size();
            pending = null;
        }
    }
}
