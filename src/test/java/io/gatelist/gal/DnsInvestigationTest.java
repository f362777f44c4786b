package io.gatelist.gal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.home.ApplianceHome;
import io.gatelist.policy.IpPrefix;
import io.gatelist.storage.Database;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional DNS part of the investigation: off by default, and a resolver that does not answer is a recorded
 * result, not a crash. (Real answers need a real resolver, which a test machine may not have.)
 */
class DnsInvestigationTest {

    @TempDir
    Path dir;

    private static final Nomination.Mta MTA = new Nomination.Mta(IpPrefix.ipv4(0x7B7B7B0A, 32),
            "mx1.example-sender.net", "example-sender.net", "Example Sender Ltd", "NZ", CompanyType.ESP, 0);

    /** A loopback UDP port nobody listens on: bound, noted and released. */
    private static int unusedPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void dnsIsOffUnlessConfiguredAndSaysSo() throws Exception {
        ApplianceHome home = ApplianceHome.open(dir.resolve("home"));
        try (Database db = Database.open(home)) {
            List<Nomination.Check> checks = db.withConnection(c -> Investigation.configured(home)
                    .investigate(c, 1, List.of(MTA), List.of()));
            assertEquals(1, checks.stream().filter(k -> k.code().equals("dns-not-checked")).count());
            assertTrue(checks.stream().noneMatch(k -> k.code().startsWith("fcrdns") || k.code().startsWith("mx-")));
            assertTrue(checks.stream().anyMatch(k -> k.code().equals("not-in-feeds")), "no feed loaded: not listed");
        }
    }

    @Test
    void anUnreachableResolverIsRecordedForTheReviewerNotThrown() throws Exception {
        int port = unusedPort();
        Path home = dir.resolve("dns-home");
        Files.createDirectories(home);
        Files.writeString(home.resolve(ApplianceHome.CONFIG_FILE), "gal.dns.enabled=true\n"
                + "gal.dns.resolver=127.0.0.1:" + port + "\ngal.dns.timeout-ms=300\n");
        ApplianceHome appliance = ApplianceHome.open(home);
        try (Database db = Database.open(appliance)) {
            List<Nomination.Check> checks = db.withConnection(c -> Investigation.configured(appliance)
                    .investigate(c, 1, List.of(MTA), List.of()));
            List<Nomination.Check> dns = checks.stream().filter(k -> k.code().equals("dns-unresolved")).toList();
            assertEquals(2, dns.size(), checks.toString());
            assertEquals("123.123.123.10", dns.get(0).subject());
            assertTrue(dns.get(0).message().startsWith("PTR lookup for 123.123.123.10 failed"), dns.get(0).message());
            assertTrue(dns.get(0).message().contains("127.0.0.1:" + port), dns.get(0).message());
            assertEquals("example-sender.net", dns.get(1).subject());
            assertEquals("warning", dns.get(1).severity());
        }
        List<Nomination.Check> direct = new ArrayList<>();
        new DnsInvestigation(new InetSocketAddress("127.0.0.1", port), Duration.ofMillis(300)).check(MTA, direct);
        assertEquals(List.of("dns-unresolved", "dns-unresolved"), direct.stream().map(Nomination.Check::code).toList());
    }
}
