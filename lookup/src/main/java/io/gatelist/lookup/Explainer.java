package io.gatelist.lookup;

import static io.gatelist.lookup.format.SnapshotFormat.ENTRY_LINE_SHIFT;
import static io.gatelist.lookup.format.SnapshotFormat.ENTRY_MASK;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_COMBINED;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_SHIFT;

import java.util.Arrays;

/**
 * Explains verdict codes: finds the entry that decided (reading it from the policy table when a {@code decide}
 * method left it out), its source and line from the entry runs, and the value it matched. Not on the path of
 * {@code evaluate} or {@code decide}, which only {@link PolicySnapshot} walks.
 */
final class Explainer {

    private final RangeTable4 policy4;
    private final RangeTable6 policy6;
    private final int[] covers;
    private final char[] entries;
    private final int[] runFirst;
    private final int[] runSource;
    private final int[] runBase;
    private final String[] sources;

    Explainer(ParsedSnapshot parsed) {
        this.policy4 = parsed.policy4();
        this.policy6 = parsed.policy6();
        this.covers = parsed.covers();
        this.entries = parsed.entries();
        this.runFirst = parsed.runFirst();
        this.runSource = parsed.runSource();
        this.runBase = parsed.runBase();
        this.sources = parsed.sources();
    }

    /** See {@link PolicySnapshot#explainIpv4}. */
    Verdict explainIpv4(long code, int address) {
        long named = lacksEntry(code) ? withEntry(code, policy4.value(address)) : code;
        return explain(named, length -> {
            int prefix = Math.min(length, 32); // an IPv4 entry's length is at most 32; the parser allows 128
            int masked = prefix == 0 ? 0 : address & (-1 << (32 - prefix));
            String text = IpLiterals.formatIpv4(masked);
            return prefix == 32 ? text : text + "/" + prefix;
        });
    }

    /** See {@link PolicySnapshot#explainIpv6}. */
    Verdict explainIpv6(long code, long high, long low) {
        if (IpLiterals.isIpv4Mapped(high, low)) {
            return explainIpv4(code, (int) low);
        }
        long named = lacksEntry(code) ? withEntry(code, policy6.value(high, low)) : code;
        return explain(named, prefix -> {
            long h = prefix >= 64 ? high : prefix == 0 ? 0 : high & (-1L << (64 - prefix));
            long l = prefix >= 128 ? low : prefix <= 64 ? 0 : low & (-1L << (128 - prefix));
            String text = IpLiterals.formatIpv6(h, l);
            return prefix == 128 ? text : text + "/" + prefix;
        });
    }

    /**
     * True for a code from {@link PolicySnapshot#decideIpv4} or {@link PolicySnapshot#decideIpv6} whose step a
     * range decided: the entry that {@code evaluate} names is missing and {@link #withEntry} reads it.
     */
    private static boolean lacksEntry(long code) {
        return VerdictCodes.entry(code) == 0 && (PolicySnapshot.RANGE_STEPS >>> ((int) code & 0xFF) & 1) != 0;
    }

    /**
     * The code with the entry of {@code value}, the value of the address's range in the entry table. A joined
     * range's kind is the kind of every range it joined, so the address's own range has the step's kind; a range
     * whose modes differ gives its standard side for the steps only standard mode has, else its dynamic side
     * (where an approved or global entry decides as it does in standard mode).
     */
    private long withEntry(long code, int value) {
        Step step = VerdictCodes.step(code);
        if (value >>> KIND_SHIFT == KIND_COMBINED) {
            boolean standardOnly = step == Step.BLOCKED_IP || step == Step.REPUTATION_STANDARD;
            value = covers[2 * (value & ENTRY_MASK) + (standardOnly ? 0 : 1)];
        }
        return value >>> KIND_SHIFT == step.code() ? code | (long) (value & ENTRY_MASK) << 32 : code;
    }

    private interface PrefixFormatter {
        String format(int prefixLength);
    }

    private Verdict explain(long code, PrefixFormatter formatter) {
        Step step = VerdictCodes.step(code);
        int cc = VerdictCodes.country(code);
        String country = cc < 0 ? null : CountryCodes.code(cc);
        int id = VerdictCodes.entry(code);
        if (id == 0) {
            return new Verdict(step.decision(), step, null, country);
        }
        int record = entries[id - 1];
        int run = Arrays.binarySearch(runFirst, id);
        run = run >= 0 ? run : -run - 2; // the last run starting at or before the entry (run 0 starts at 1)
        long sum = runBase[run];
        for (int e = runFirst[run]; e <= id; e++) { // at most MAX_RUN_ENTRIES deltas (the parser checked)
            sum += entries[e - 1] >>> ENTRY_LINE_SHIFT;
        }
        int line = (int) Math.min(sum, Integer.MAX_VALUE); // only a file the compiler did not write goes past
        // The list is the step's: the entry supplies its place and prefix length (see Refusals#checkPolicyValue).
        boolean countryStep = step == Step.APPROVED_COUNTRY || step == Step.BLOCKED_COUNTRY;
        String value = countryStep ? country : formatter.format(record & 0xFF);
        MatchedEntry matched = new MatchedEntry(listName(step), value, sources[runSource[run]], line);
        return new Verdict(step.decision(), step, matched, country);
    }

    private static String listName(Step step) {
        return switch (step) {
            case APPROVED_IP, APPROVED_COUNTRY -> "approved";
            case BLOCKED_IP, BLOCKED_COUNTRY -> "blocked";
            case GLOBAL_APPROVED -> "global-approved";
            case REPUTATION_STANDARD -> "reputation-standard";
            case REPUTATION_DYNAMIC -> "reputation-dynamic";
            case NONE -> throw new IllegalStateException("no list decides NONE");
        };
    }
}
