package io.gatelist.overlap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The sweep against a brute-force oracle that compares every pair of entries with IPAddress's own containment,
 * on random lists drawn from a small address universe so that nesting, duplicates, identical ranges in both
 * lists, IPv4-mapped IPv6 and countries are all frequent. The oracle also orders its findings the documented way,
 * so the order is checked too, not only the set.
 */
class OverlapSweepPropertiesTest {

    /** A generated entry: list and value text. */
    record Gen(ListName list, String value) {
    }

    /** One entry as the oracle sees it. */
    private record Item(int index, ListName list, String source, int line, IPAddress block, String country,
            String canonical) {

        int kindRank() {
            return block == null ? 2 : block.isIPv4() ? 0 : 1;
        }

        BigInteger address() {
            return block == null ? BigInteger.ZERO : block.getValue();
        }

        int length() {
            return block == null ? 0 : block.getNetworkPrefixLength() == null ? block.getBitCount()
                    : block.getNetworkPrefixLength();
        }

        boolean sameValue(Item o) {
            if (block == null || o.block == null) {
                return block == null && o.block == null && country.equals(o.country);
            }
            return block.getIPVersion() == o.block.getIPVersion() && block.contains(o.block) && o.block.contains(block);
        }

        boolean containsOrEquals(Item o) {
            if (block == null || o.block == null) {
                return sameValue(o);
            }
            return block.getIPVersion() == o.block.getIPVersion() && block.contains(o.block);
        }
    }

    /** The documented order of entries: kind, address, length, list, position. */
    private static final Comparator<Item> NESTING = Comparator.comparingInt(Item::kindRank)
            .thenComparing((Item i) -> i.block == null ? BigInteger.ZERO : i.address())
            .thenComparing(i -> i.country == null ? "" : i.country)
            .thenComparingInt(Item::length).thenComparing(Item::list).thenComparingInt(Item::index);

    private record Finding(OverlapCode code, Item a, Item b) {
        String text() {
            return code.code() + " " + a.list.id() + " " + a.canonical + " " + a.source + ":" + a.line + " > "
                    + b.list.id() + " " + b.canonical + " " + b.source + ":" + b.line;
        }
    }

    @Property(tries = 600)
    void sweepFindsExactlyWhatComparingEveryPairFinds(@ForAll("policies") List<Gen> gens) {
        List<PolicyEntry> entries = entries(gens);
        OverlapAnalyzer analyzer = new OverlapAnalyzer(4);
        entries.forEach(analyzer::add);
        List<String> actual = new ArrayList<>();
        Map<OverlapCode, Long> totals = analyzer.analyze(o -> actual.add(text(o)));

        List<Finding> expected = oracle(entries);
        assertEquals(expected.stream().map(Finding::text).toList(), actual);
        Map<OverlapCode, Long> expectedTotals = new HashMap<>();
        expected.forEach(f -> expectedTotals.merge(f.code, 1L, Long::sum));
        assertEquals(expectedTotals, totals);
        expected.forEach(f -> Statistics.collect(f.code));
    }

    @Property(tries = 300)
    void digestCountsEveryFindingAndKeepsOnlyWhatItsCapsAllow(@ForAll("policies") List<Gen> gens,
            @ForAll("caps") int groupsPerCode, @ForAll("caps") int examplesPerGroup) {
        OverlapAnalyzer analyzer = new OverlapAnalyzer();
        entries(gens).forEach(analyzer::add);
        List<Overlap> all = new ArrayList<>();
        analyzer.analyze(all::add);
        OverlapDigest digest = new OverlapDigest(analyzer, groupsPerCode, examplesPerGroup);
        Map<OverlapCode, Long> totals = analyzer.analyze(digest);
        OverlapSummary summary = digest.summary();

        assertEquals(totals, summary.totals());
        assertEquals(all.size(), summary.total());
        for (OverlapCode code : OverlapCode.values()) {
            List<Overlap> ofCode = all.stream().filter(o -> o.code() == code).toList();
            List<EntryRef> wider = ofCode.stream().map(Overlap::a).distinct().toList();
            assertEquals(wider.isEmpty() ? null : (long) wider.size(), summary.widerEntries().get(code));
            List<OverlapGroup> groups = summary.groups(code);
            // the first wider entries, in the order of their first finding, each with its exact count
            assertEquals(wider.subList(0, Math.min(groupsPerCode, wider.size())),
                    groups.stream().map(OverlapGroup::wider).toList());
            for (OverlapGroup g : groups) {
                List<Overlap> members = ofCode.stream().filter(o -> o.a().equals(g.wider())).toList();
                assertEquals(members.size(), g.count());
                assertEquals(members.subList(0, Math.min(examplesPerGroup, members.size())), g.examples());
            }
        }
        int shownLines = OverlapText.lines(summary, c -> true, groupsPerCode, examplesPerGroup).size();
        int bound = 2 + OverlapCode.values().length * (5 + groupsPerCode * (3 + examplesPerGroup));
        assertTrue(shownLines <= bound, shownLines + " lines for caps " + groupsPerCode + "/" + examplesPerGroup);
    }

    @Provide
    Arbitrary<Integer> caps() {
        return Arbitraries.integers().between(0, 4);
    }

    @Provide
    Arbitrary<List<Gen>> policies() {
        Arbitrary<Gen> one = Combinators.combine(Arbitraries.of(ListName.class), values()).as(Gen::new);
        return one.list().ofMaxSize(40).flatMap(base -> base.isEmpty() ? Arbitraries.just(base)
                : Combinators.combine(Arbitraries.integers().between(0, base.size() - 1),
                        Arbitraries.of(ListName.class)).as(Tuple::of).list().ofMaxSize(12).map(copies -> {
                            List<Gen> all = new ArrayList<>(base);
                            // the same value again, in the same list (a duplicate) or the other one
                            copies.forEach(c -> all.add(new Gen(c.get2(), base.get(c.get1()).value())));
                            return all;
                        }));
    }

    private static Arbitrary<String> values() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, ipv4()),
                Tuple.of(4, ipv6()),
                Tuple.of(2, ipv4().map(v4 -> mapped(v4))),
                Tuple.of(1, Arbitraries.of("NZ", "KP", "GB")));
    }

    private static Arbitrary<String> ipv4() {
        Arbitrary<Integer> base = Arbitraries.of(0x0A000000, 0xAC1F0FA4, 0xC0A80000, 0xFFFFFF00, 0x00000000);
        Arbitrary<Integer> low = Arbitraries.integers().between(0, 1023);
        Arbitrary<Integer> length = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(0, 32)),
                Tuple.of(4, Arbitraries.of(22, 24, 28, 30, 31, 32)));
        return Combinators.combine(base, low, length).as((b, l, len) -> new IPv4Address(b + l).toCanonicalString()
                + "/" + len);
    }

    private static Arbitrary<String> ipv6() {
        Arbitrary<Long> high = Arbitraries.of(0x20010db700000000L, 0x20010db785a30000L, 0L, 0xfe80000000000000L,
                0xffffffffffffffffL);
        Arbitrary<Long> low = Arbitraries.of(0L, 1L, 0x00008a2e03707334L, 0x0000ffff0a000001L, 0xffffffffffffffffL);
        // Few variations, in the top bits of both halves and the last ones, so that ranges share their networks
        // on both sides of the 64-bit boundary.
        Arbitrary<Integer> bits = Arbitraries.integers().between(0, 15);
        Arbitrary<Integer> length = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(0, 128)),
                Tuple.of(4, Arbitraries.of(32, 48, 63, 64, 65, 90, 96, 112, 127, 128)));
        return Combinators.combine(high, low, bits, length).as((h, l, b, len) ->
                new IPv6Address(h ^ ((long) (b & 3) << 20), l ^ ((long) (b >> 2) << 62) ^ (b & 1)).toCanonicalString()
                        + "/" + len);
    }

    /** {@code a.b.c.d/n} as {@code ::ffff:a.b.c.d/(96+n)}. */
    private static String mapped(String v4) {
        String[] parts = v4.split("/");
        return "::ffff:" + parts[0] + "/" + (96 + Integer.parseInt(parts[1]));
    }

    private static List<PolicyEntry> entries(List<Gen> gens) {
        List<PolicyEntry> entries = new ArrayList<>();
        String[] sources = {"a.csv", "b.csv", "c.csv"};
        for (int i = 0; i < gens.size(); i++) {
            entries.add(Entries.entry(gens.get(i).list(), gens.get(i).value(), sources[i % 3], i + 1));
        }
        return entries;
    }

    private static String text(Overlap o) {
        return o.code().code() + " " + o.a().list() + " " + o.a().value() + " " + o.a().source() + ":" + o.a().line()
                + " > " + o.b().list() + " " + o.b().value() + " " + o.b().source() + ":" + o.b().line();
    }

    /** Every pair compared, the definition of a finding applied literally, then the documented order. */
    private static List<Finding> oracle(List<PolicyEntry> entries) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            items.add(item(i, entries.get(i)));
        }
        List<Finding> found = new ArrayList<>();
        List<Item> firsts = new ArrayList<>();
        for (Item x : items) {
            Item first = items.stream().filter(y -> y.list == x.list && y.sameValue(x)).findFirst().orElseThrow();
            if (first != x) {
                found.add(new Finding(OverlapCode.DUPLICATE_ENTRY, first, x));
            } else {
                firsts.add(x);
            }
        }
        for (Item outer : firsts) {
            for (Item inner : firsts) {
                if (outer == inner || !outer.containsOrEquals(inner)) {
                    continue;
                }
                boolean same = outer.sameValue(inner);
                if (same && outer.list == ListName.BLOCKED) {
                    continue; // an identical pair is reported once, approved first
                }
                OverlapCode code;
                if (outer.list == inner.list) {
                    code = OverlapCode.REDUNDANT_ENTRY;
                } else if (same) {
                    code = outer.block == null ? OverlapCode.COUNTRY_BOTH_LISTS : OverlapCode.SAME_RANGE_BOTH_LISTS;
                } else {
                    code = outer.list == ListName.APPROVED ? OverlapCode.BLOCKED_INSIDE_APPROVED
                            : OverlapCode.APPROVED_INSIDE_BLOCKED;
                }
                found.add(new Finding(code, outer, inner));
            }
        }
        found.sort(Comparator.comparing(Finding::b, NESTING).thenComparing(Finding::a, NESTING));
        return found;
    }

    private static Item item(int index, PolicyEntry e) {
        if (e.prefix() == null) {
            return new Item(index, e.list(), e.source(), e.line(), null, e.country(), e.country());
        }
        IPAddress block = new IPAddressString(Entries.prefixText(e.prefix())).getAddress().toPrefixBlock();
        int length = block.getNetworkPrefixLength() == null ? block.getBitCount() : block.getNetworkPrefixLength();
        if (block.isIPv6() && length >= 96 && block.toIPv6().isIPv4Mapped()) {
            IPv4Address v4 = block.toIPv6().getLower().getEmbeddedIPv4Address();
            block = new IPv4Address(v4.intValue(), length - 96).toPrefixBlock();
            length -= 96;
        }
        String address = block.getLower().withoutPrefixLength().toCanonicalString();
        String canonical = length == block.getBitCount() ? address : address + "/" + length;
        return new Item(index, e.list(), e.source(), e.line(), block, null, canonical);
    }
}
