package io.gatelist.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.Interop;
import io.gatelist.TestAppliance;
import io.gatelist.batch.ImportService;
import io.gatelist.dns.QueryNames;
import io.gatelist.home.ApplianceHome;
import io.gatelist.lookup.IpLiterals;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.lookup.Verdict;
import io.gatelist.policy.IpPrefix;
import io.gatelist.snapshot.SnapshotCompiler;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.ImportState;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The same rbldnsd data served by the real rbldnsd and imported into Gatelist give the same answers: one file
 * served as {@code ip4set} (and {@code ip6trie}) and as {@code ip4trie} (and {@code ip6trie}), imported as two feeds
 * set to those dataset types, compared address by address around every bound of every line; and a file of ranges
 * served as {@code ip4set}. Nested exclusions and listings several levels deep, the issue's own case, lines that
 * the two types read differently (the same octet class, the identical prefix twice) and IPv6.
 */
class RbldnsdExclusionInteropTest {

    /** Each listed line has a TXT value of its own, so that an answer names the line that decided it. */
    static final List<String> FEED = List.of(
            "$TTL 300",
            ":127.0.0.2:listed $",
            "# the issue's case: listed lines inside a wider exclusion",
            "!31.0.0.0/16",
            "31.0.1.0/24 :2:L5",
            "31.0.2.7 :2:L6",
            "# nine levels, listed and excluded in turn",
            "40.0.0.0/8 :2:L8",
            "!40.16.0.0/12",
            "40.17.0.0/16 :2:L10",
            "!40.17.32.0/20",
            "40.17.33.0/24 :2:L12",
            "!40.17.33.64/26",
            "40.17.33.80/28 :2:L14",
            "!40.17.33.84/30",
            "40.17.33.86 :2:L16",
            "# one octet class, the listing narrower: ip4set excludes, ip4trie lists",
            "!41.0.0.0/25",
            "41.0.0.0/26 :2:L19",
            "!41.3.0.0/17",
            "41.3.0.0/18 :2:L21",
            "42.0.0.0/9 :2:L22",
            "!42.16.0.0/12",
            "42.20.0.0/14 :2:L24",
            "# the identical prefix twice, either order",
            "41.1.0.0/24 :2:L26",
            "!41.1.0.0/24",
            "!41.2.0.0/24",
            "41.2.0.0/24 :2:L29",
            "# one octet class, the exclusion narrower: excluded in both",
            "41.4.0.0/25 :2:L31",
            "!41.4.0.0/26",
            "# /8 class: a /7 around an excluded /8",
            "44.0.0.0/7 :2:L34",
            "!44.0.0.0/8",
            "45.9.0.0/16 :2:L36",
            "# IPv6 (ip6trie for both)",
            "2a00:1000::/32 :2:L38",
            "!2a00:1000:1::/48",
            "2a00:1000:1:5::/64 :2:L40",
            "!2a00:1000:1:5::8/125",
            "2a00:1000:1:5::9 :2:L42",
            "!2a00:2000::/40",
            "2a00:2000::/40 :2:L44",
            "2a00:3000::/40 :2:L45",
            "!2a00:3000::/40");

    /** ip4set only: ranges across octet classes (ip4trie takes CIDR ranges only). */
    static final List<String> RANGES = List.of(
            "50.0.0.0-50.3.255.255 :2:R1",
            "!50.1.0.0-50.1.2.127",
            "50.1.2.0-50.1.2.9 :2:R3",
            "50.1.0.200-50.1.1.3 :2:R4",
            "!50.2.0.1-50.2.9.5",
            "50.2.3.0/24 :2:R6");

    static final String ZONE = "bl.test";

    @TempDir
    Path dir;

    @Test
    void rbldnsdAndGatelistAnswerTheSameAroundEveryBound() throws Exception {
        Path rbldnsd = Interop.require("rbldnsd", "rbldnsd");
        Path feed = Files.write(dir.resolve("feed.txt"), FEED);
        Path ranges = Files.write(dir.resolve("ranges.txt"), RANGES);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // rbldnsd drops root

        // Gatelist: the file as feed "set" (ip4set, standard database) and feed "trie" (ip4trie, dynamic), so that a
        // standard lookup answers for the one and a dynamic lookup for the other; the ranges as feed "ranges".
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(ApplianceHome.CONFIG_FILE), "feed.rbldnsd-dataset.set=ip4set\n"
                + "feed.rbldnsd-dataset.trie=ip4trie\n");
        PolicySnapshot snapshot;
        try (TestAppliance appliance = TestAppliance.open(home)) {
            ImportService.Options options = new ImportService.Options(null, 7, 0);
            for (Object[] f : new Object[][] {{"set", FeedDatabase.STANDARD, feed},
                {"trie", FeedDatabase.DYNAMIC, feed}, {"ranges", FeedDatabase.STANDARD, ranges}}) {
                ImportService.Outcome outcome = appliance.imports().importFeed((Path) f[2], (String) f[0],
                        (FeedDatabase) f[1], options);
                assertEquals(ImportState.ACCEPTED, outcome.run().state(), outcome.run().message());
            }
            Path out = dir.resolve("snapshot.bin");
            assertTrue(new SnapshotCompiler(new EntryStore(appliance.database), Clock.systemUTC()).compile(out, true)
                    .published());
            snapshot = PolicySnapshot.open(out);
        }

        int port = freeUdpPort();
        Process rbl = new ProcessBuilder(rbldnsd.toString(), "-n", "-b", "127.0.0.1/" + port, "-w", dir.toString(),
                "s." + ZONE + ":ip4set:feed.txt", "s." + ZONE + ":ip6trie:feed.txt",
                "t." + ZONE + ":ip4trie:feed.txt", "t." + ZONE + ":ip6trie:feed.txt",
                "u." + ZONE + ":ip4set:ranges.txt").redirectErrorStream(true)
                .redirectOutput(dir.resolve("rbldnsd.log").toFile()).start();
        try {
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            resolver.setTimeout(Duration.ofSeconds(5));
            awaitReady(resolver, rbl, dir.resolve("rbldnsd.log"));

            int listed = 0;
            int compared = 0;
            int differ = 0;
            for (String ip : probes(FEED)) {
                Set<String> set = rbldnsd(resolver, ip, "s");
                Set<String> trie = rbldnsd(resolver, ip, "t");
                listed += check("ip4set/ip6trie", ip, set, gatelist(snapshot, ip, Mode.STANDARD));
                listed += check("ip4trie/ip6trie", ip, trie, gatelist(snapshot, ip, Mode.DYNAMIC));
                differ += set.equals(trie) ? 0 : 1;
                compared += 2;
            }
            for (String ip : probes(RANGES)) {
                listed += check("ip4set ranges", ip, rbldnsd(resolver, ip, "u"), gatelist(snapshot, ip,
                        Mode.STANDARD));
                compared++;
            }
            // The corpus reaches both answers and the places where the two types disagree.
            assertTrue(listed > compared / 4 && listed < compared * 3 / 4, listed + " of " + compared + " listed");
            assertTrue(differ >= 10, differ + " addresses answered differently by ip4set and ip4trie");
            // The addresses.
            assertEquals(Set.of("L5"), rbldnsd(resolver, "31.0.1.5", "s"));
            assertEquals("L5", gatelist(snapshot, "31.0.1.5", Mode.STANDARD));
            assertEquals("L6", gatelist(snapshot, "31.0.2.7", Mode.DYNAMIC));
        } finally {
            rbl.destroy();
            rbl.waitFor();
        }
    }

    /**
     * Compares one answer: both listed or both not, and Gatelist's reason is the text rbldnsd answers (ip4set
     * answers every listing of the class that decides; Gatelist reports one of them).
     *
     * @return 1 when listed
     */
    private static int check(String type, String ip, Set<String> theirs, String ours) {
        String where = type + " " + ip + ": rbldnsd " + theirs + ", gatelist " + ours;
        assertEquals(!theirs.isEmpty(), ours != null, where);
        if (ours != null) {
            assertTrue(theirs.contains(ours), where);
        }
        return ours == null ? 0 : 1;
    }

    /** The reason of the feed listing that decides, or {@code null} when no feed lists the address. */
    private static String gatelist(PolicySnapshot snapshot, String ip, Mode mode) {
        Verdict v = snapshot.lookup(ip, null, mode);
        if (v.step() != Step.REPUTATION_STANDARD && v.step() != Step.REPUTATION_DYNAMIC) {
            assertEquals(Step.NONE, v.step(), ip);
            return null;
        }
        String source = v.matched().source();
        return source.substring(source.indexOf(": ") + 2);
    }

    /** rbldnsd's TXT answers for an address in sub-zone {@code sub}: empty for NXDOMAIN. */
    private static Set<String> rbldnsd(SimpleResolver resolver, String ip, String sub) throws IOException {
        Message m = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(QueryNames.of(ip, sub, ZONE)
                + "."), Type.TXT, DClass.IN)));
        Set<String> texts = new LinkedHashSet<>();
        if (m.getRcode() == Rcode.NOERROR) {
            for (Record r : m.getSection(Section.ANSWER)) {
                texts.add(String.join("", ((TXTRecord) r).getStrings()));
            }
            assertTrue(!texts.isEmpty(), ip + ": NOERROR without TXT");
        } else {
            assertEquals(Rcode.NXDOMAIN, m.getRcode(), ip + " " + Rcode.string(m.getRcode()));
        }
        return texts;
    }

    /** Every line's first and last address, one on either side of each, and one inside. */
    static List<String> probes(List<String> lines) {
        TreeSet<String> out = new TreeSet<>();
        FeedLineParser parser = new FeedLineParser();
        for (String text : lines) {
            FeedLineParser.Parsed parsed = parser.parse(0, text);
            if (parsed.kind() != FeedLineParser.Kind.ENTRY) {
                continue;
            }
            List<IpPrefix> blocks = FeedValues.check("value", parsed.entry().value()).prefixes();
            IpPrefix first = blocks.get(0);
            IpPrefix last = blocks.get(blocks.size() - 1);
            long[][] bounds = {{first.high(), first.low()}, {last.endHigh(), last.endLow()}};
            for (long[] b : bounds) {
                for (long d = -1; d <= 1; d++) {
                    long lo = b[1] + d;
                    long hi = first.family() == 6 && d == 1 && lo == 0 ? b[0] + 1
                            : first.family() == 6 && d == -1 && b[1] == 0 ? b[0] - 1 : b[0];
                    out.add(first.family() == 4 ? IpLiterals.formatIpv4((int) lo) : IpLiterals.formatIpv6(hi, lo));
                }
            }
            long midLow = first.low() + (last.endLow() - first.low()) / 2;
            out.add(first.family() == 4 ? IpLiterals.formatIpv4((int) midLow)
                    : IpLiterals.formatIpv6(first.high(), first.low() + 0x1234));
        }
        return new ArrayList<>(out);
    }

    private static void awaitReady(SimpleResolver resolver, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (!rbldnsd(resolver, "31.0.2.7", "s").isEmpty()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("rbldnsd did not start: " + Files.readString(log));
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
