package io.gatelist.gal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatelist.TestAppliance;
import io.gatelist.batch.ImportService;
import io.gatelist.feed.FeedDatabase;
import io.gatelist.policy.IpPrefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nominated address that a reputation feed lists is a warning for the reviewer, naming the feed, its line and
 * reason; an exclusion in that feed exempts it; feeds are imported through the real import-feed job.
 */
class FeedInvestigationTest {

    @TempDir
    Path dir;

    private static Nomination.Mta mta(IpPrefix ip, int line) {
        return new Nomination.Mta(ip, "mx.example-sender.net", "example-sender.net", "Example Sender Ltd", "NZ",
                CompanyType.ESP, line);
    }

    private static IpPrefix v4(int a, int b, int c, int d) {
        return IpPrefix.ipv4(a << 24 | b << 16 | c << 8 | d, 32);
    }

    @Test
    void aListedAddressIsAWarningNamingTheFeedAndAnExclusionExemptsIt() throws Exception {
        try (TestAppliance appliance = TestAppliance.open(dir.resolve("home"))) {
            Path drop = Files.writeString(dir.resolve("drop.txt"),
                    "; Spamhaus DROP List\n123.123.123.0/24 ; SBL000001\n2001:db8:aa00::/40 ; SBL000002\n");
            Path dynamic = Files.writeString(dir.resolve("dynamic.ip4set"),
                    ":127.0.0.2:dynamic range\n123.123.0.0/16\n!123.123.124.0/24\n123.123.124.128/25 :2:pool\n");
            ImportService.Options options = new ImportService.Options(null, 100, -1);
            assertEquals("ACCEPTED", appliance.imports().importFeed(drop, "drop", FeedDatabase.STANDARD, options)
                    .run().state().name());
            assertEquals("ACCEPTED", appliance.imports().importFeed(dynamic, "dyn", FeedDatabase.DYNAMIC, options)
                    .run().state().name());

            IpPrefix inBoth = v4(123, 123, 123, 10);
            IpPrefix excludedFromDyn = v4(123, 123, 124, 10);
            IpPrefix inNone = v4(8, 8, 8, 8);
            IpPrefix relisted = v4(123, 123, 124, 200); // a listed /25 inside the excluded /24: listed, as in rbldnsd
            // inside the /40, with the top bit of its low half set: compared unsigned
            IpPrefix v6Listed = IpPrefix.ipv6(0x20010db8aa120000L, 0x8000000000000025L, 128);
            IpPrefix v6Outside = IpPrefix.ipv6(0x20010db8ab000000L, 0x25L, 128);
            List<Nomination.Check> checks = appliance.database.withConnection(c -> new Investigation(null, null)
                    .investigate(c, 1, List.of(mta(inBoth, 2), mta(excludedFromDyn, 3), mta(inNone, 4),
                            mta(v6Listed, 5), mta(v6Outside, 6), mta(relisted, 7)), List.of()));

            Map<String, List<String>> feedChecks = new TreeMap<>();
            for (Nomination.Check k : checks) {
                if (k.code().equals("listed-in-feed") || k.code().equals("not-in-feeds")) {
                    feedChecks.computeIfAbsent(k.subject(), s -> new java.util.ArrayList<>())
                            .add(k.severity() + " " + k.code() + " " + k.message());
                }
            }
            assertEquals(List.of(
                    "warning listed-in-feed 123.123.123.10 is listed by the standard feed \"drop\" line 2: "
                            + "123.123.123.0/24 (SBL000001)",
                    "warning listed-in-feed 123.123.123.10 is listed by the dynamic feed \"dyn\" line 2: "
                            + "123.123.0.0/16 (dynamic range)"), feedChecks.get("123.123.123.10"), "by feed name");
            assertEquals(List.of("info not-in-feeds no reputation feed lists 123.123.124.10"),
                    feedChecks.get("123.123.124.10"), "the exclusion of feed dyn exempts it; drop does not list it");
            assertEquals(List.of("info not-in-feeds no reputation feed lists 8.8.8.8"), feedChecks.get("8.8.8.8"));
            assertEquals(List.of("warning listed-in-feed 123.123.124.200 is listed by the dynamic feed \"dyn\" line 4: "
                    + "123.123.124.128/25 (pool)"), feedChecks.get("123.123.124.200"));
            assertEquals(1, feedChecks.get(v6Listed.canonical()).size());
            assertEquals(true, feedChecks.get(v6Listed.canonical()).get(0).contains("feed \"drop\" line 3"),
                    feedChecks.toString());
            assertEquals(List.of("info not-in-feeds no reputation feed lists " + v6Outside.canonical()),
                    feedChecks.get(v6Outside.canonical()));
        }
    }
}
