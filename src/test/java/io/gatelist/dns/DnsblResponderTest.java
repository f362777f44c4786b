package io.gatelist.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.answer.PublicText;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.policy.IpPrefix;
import io.gatelist.snapshot.SnapshotBuilder;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** What the responder answers, message by message, from a real compiled snapshot. */
class DnsblResponderTest {

    static final String ZONE = "bl.example.org";
    static PolicySnapshot snapshot;
    static DnsblResponder responder;
    static ZoneSettings settings;

    @BeforeAll
    static void compile() throws Exception {
        snapshot = PolicySnapshot.fromBytes(bytes(DnsblFixture.lists(3).build()));
        Name zone = Name.fromString(ZONE + ".");
        settings = new ZoneSettings(zone, List.of(Name.fromString("ns1.example.net."),
                Name.fromString("ns2.example.net.")), Name.fromString("hostmaster.example.org."), 900, 45, 120);
        responder = new DnsblResponder(settings, () -> snapshot);
    }

    static byte[] bytes(ByteBuffer image) {
        byte[] b = new byte[image.capacity()];
        image.duplicate().position(0).get(b);
        return b;
    }

    static Message ask(DnsblResponder r, String name, int type) throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN));
        byte[] answer = r.respond(ByteBuffer.wrap(query.toWire()), DnsblResponder.Transport.UDP);
        assertNotNull(answer, "no answer to " + name);
        Message response = new Message(answer);
        assertEquals(query.getHeader().getID(), response.getHeader().getID());
        assertTrue(response.getHeader().getFlag(Flags.QR));
        return response;
    }

    static Message ask(String name, int type) throws Exception {
        return ask(responder, name, type);
    }

    static String a(Message m) {
        List<Record> answer = m.getSection(Section.ANSWER);
        assertEquals(1, answer.size(), "one A record: " + m);
        return ((ARecord) answer.get(0)).getAddress().getHostAddress();
    }

    static String txt(Message m) {
        List<Record> answer = m.getSection(Section.ANSWER);
        assertEquals(1, answer.size(), "one TXT record: " + m);
        return String.join("", ((TXTRecord) answer.get(0)).getStrings());
    }

    static void assertNxdomainWithSoa(Message m, long ttl) {
        assertEquals(Rcode.NXDOMAIN, m.getRcode(), m.toString());
        assertTrue(m.getSection(Section.ANSWER).isEmpty());
        List<Record> authority = m.getSection(Section.AUTHORITY);
        assertEquals(1, authority.size(), "the SOA, for negative caching: " + m);
        SOARecord soa = (SOARecord) authority.get(0);
        assertEquals(ttl, soa.getTTL());
        assertEquals(ZONE + ".", soa.getName().toString());
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource({
        DnsblFixture.BLOCKED_IP + ",r,127.0.0.2,Blocked by policy (blocked-ip)",
        DnsblFixture.BLOCKED_COUNTRY + ",r,127.0.0.3,Blocked by policy (blocked-country)",
        DnsblFixture.REPUTATION_STANDARD + ",r,127.0.0.4,Blocked by policy (reputation-standard)",
        DnsblFixture.REPUTATION_DYNAMIC + ",q,127.0.0.5,Blocked by policy (reputation-dynamic)",
        DnsblFixture.APPROVED_OVER_BLOCKED + ",a,127.0.10.2,Approved by policy (approved-ip)",
        DnsblFixture.APPROVED_IN_BLOCKED + ",a,127.0.10.2,Approved by policy (approved-ip)",
        DnsblFixture.APPROVED_COUNTRY + ",a,127.0.10.3,Approved by policy (approved-country)",
        DnsblFixture.GLOBAL_APPROVED + ",a,127.0.10.4,Approved by policy (global-approved)",
        DnsblFixture.APPROVED_COUNTRY + ",q,,",
        DnsblFixture.BLOCKED_IPV6 + ",r,127.0.0.2,Blocked by policy (blocked-ip)",
        DnsblFixture.APPROVED_IPV6 + ",a,127.0.10.2,Approved by policy (approved-ip)",
        DnsblFixture.BLOCKED_COUNTRY_IPV6 + ",r,127.0.0.3,Blocked by policy (blocked-country)",
        "127.0.0.2,r,127.0.0.2,RFC 5782 test entry",
        "127.0.0.2,q,127.0.0.2,RFC 5782 test entry",
        "127.0.0.2,a,127.0.10.2,RFC 5782 test entry",
        "::ffff:7f00:2,r,127.0.0.2,RFC 5782 test entry",
        "::ffff:7f00:2,a,127.0.10.2,RFC 5782 test entry",
        "127.0.0.3,r,127.0.0.2,Blocked by policy (blocked-ip)",
    })
    void listedAddressesAnswerTheirStepsCodeAndText(String ip, String sub, String code, String text) throws Exception {
        String name = QueryNames.of(ip, sub, ZONE);
        Message a = ask(name, Type.A);
        if (code == null) {
            assertNxdomainWithSoa(a, sub.equals("q") ? 45 : 120);
            return;
        }
        assertEquals(Rcode.NOERROR, a.getRcode());
        assertTrue(a.getHeader().getFlag(Flags.AA), "authoritative");
        assertEquals(code, a(a));
        assertEquals(sub.equals("q") ? 45 : 900, a.getSection(Section.ANSWER).get(0).getTTL());
        assertEquals(text, txt(ask(name, Type.TXT)));
    }

    @ParameterizedTest(name = "{0} is not listed in {1}")
    @CsvSource({
        DnsblFixture.NOT_LISTED + ",r", DnsblFixture.NOT_LISTED + ",q", DnsblFixture.NOT_LISTED + ",a",
        DnsblFixture.BLOCKED_IP + ",q", // dynamic mode ignores the Blocked lists
        DnsblFixture.BLOCKED_IP + ",a",
        DnsblFixture.APPROVED_OVER_BLOCKED + ",r", // approved before blocked
        DnsblFixture.APPROVED_IN_BLOCKED + ",r",
        DnsblFixture.REPUTATION_DYNAMIC + ",r", DnsblFixture.REPUTATION_STANDARD + ",q",
        "127.0.0.1,r", "127.0.0.1,q", "127.0.0.1,a", // never, even under the blocked 127.0.0.0/8
        "::ffff:7f00:1,r", "::ffff:7f00:1,a",
        "2001:db8:beef::1,r",
    })
    void unlistedAddressesAnswerNxdomainWithTheSoa(String ip, String sub) throws Exception {
        long negative = sub.equals("q") ? 45 : 120;
        assertNxdomainWithSoa(ask(QueryNames.of(ip, sub, ZONE), Type.A), negative);
        assertNxdomainWithSoa(ask(QueryNames.of(ip, sub, ZONE), Type.TXT), negative);
    }

    @Test
    void theApexAnswersSoaAndNs() throws Exception {
        Message soa = ask(ZONE, Type.SOA);
        assertEquals(Rcode.NOERROR, soa.getRcode());
        SOARecord record = (SOARecord) soa.getSection(Section.ANSWER).get(0);
        assertEquals("ns1.example.net.", record.getHost().toString());
        assertEquals("hostmaster.example.org.", record.getAdmin().toString());
        assertEquals(120, record.getMinimum());
        assertEquals(900, record.getTTL());
        assertEquals(snapshot.info().created().getEpochSecond(), record.getSerial());

        Message ns = ask(ZONE, Type.NS);
        assertEquals(List.of("ns1.example.net.", "ns2.example.net."), ns.getSection(Section.ANSWER).stream()
                .map(r -> ((NSRecord) r).getTarget().toString()).toList());
        assertTrue(ns.getSection(Section.ADDITIONAL).isEmpty());

        Message other = ask(ZONE, Type.A);
        assertEquals(Rcode.NOERROR, other.getRcode());
        assertTrue(other.getSection(Section.ANSWER).isEmpty());
        assertEquals(Type.SOA, other.getSection(Section.AUTHORITY).get(0).getType());
    }

    @Test
    void namesOutsideTheZoneAndOtherClassesAreRefused() throws Exception {
        for (String name : new String[] {"example.org", "2.0.0.127.r.other.example", "org", "bl.example.org.evil"}) {
            Message m = ask(name, Type.A);
            assertEquals(Rcode.REFUSED, m.getRcode(), name);
            assertFalse(m.getHeader().getFlag(Flags.AA), name);
            assertTrue(m.getSection(Section.ANSWER).isEmpty());
        }
        Message chaos = Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));
        Message answer = new Message(responder.respond(ByteBuffer.wrap(chaos.toWire()), DnsblResponder.Transport.UDP));
        assertEquals(Rcode.REFUSED, answer.getRcode());
        Message axfr = ask(ZONE, Type.AXFR);
        assertEquals(Rcode.REFUSED, axfr.getRcode());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "r.bl.example.org, NOERROR", // the sub-zone itself exists
        "127.r.bl.example.org, NOERROR", // an empty non-terminal above listed names: never NXDOMAIN (RFC 8020)
        "0.0.127.r.bl.example.org, NOERROR",
        "d.a.e.d.8.b.d.0.1.0.0.2.r.bl.example.org, NOERROR",
        "x.r.bl.example.org, NXDOMAIN",
        "02.0.0.127.r.bl.example.org, NXDOMAIN", // leading zero: not an octet
        "2.0.0.256.r.bl.example.org, NXDOMAIN",
        "1.2.0.0.127.r.bl.example.org, NXDOMAIN", // five labels
        "2.0.0.127.x.bl.example.org, NXDOMAIN", // not one of r, q, a
        "2.0.0.127.rr.bl.example.org, NXDOMAIN",
    })
    void namesThatAreNotAddressesAreNotListed(String name, String rcode) throws Exception {
        Message m = ask(name, Type.A);
        assertEquals(Rcode.value(rcode), m.getRcode(), m.toString());
        assertTrue(m.getSection(Section.ANSWER).isEmpty());
        assertEquals(Type.SOA, m.getSection(Section.AUTHORITY).get(0).getType());
    }

    @Test
    void labelsAreCaseInsensitive() throws Exception {
        String name = QueryNames.of(DnsblFixture.BLOCKED_IPV6, "R", "BL.Example.ORG").toUpperCase();
        assertEquals("127.0.0.2", a(ask(name, Type.A)));
    }

    @Test
    void answersHoldOnlyTheRecordSetAskedFor() throws Exception {
        String listed = QueryNames.of(DnsblFixture.BLOCKED_IP, "r", ZONE);
        for (int type : new int[] {Type.A, Type.TXT, Type.ANY}) {
            Message m = ask(listed, type);
            assertEquals(1, m.getSection(Section.ANSWER).size(), Type.string(type));
            assertTrue(m.getSection(Section.AUTHORITY).isEmpty(), Type.string(type));
            assertTrue(m.getSection(Section.ADDITIONAL).isEmpty(), Type.string(type));
        }
        assertEquals(Type.A, ask(listed, Type.ANY).getSection(Section.ANSWER).get(0).getType()); // RFC 8482
        Message aaaa = ask(listed, Type.AAAA);
        assertEquals(Rcode.NOERROR, aaaa.getRcode()); // the name exists, with no AAAA: NODATA
        assertTrue(aaaa.getSection(Section.ANSWER).isEmpty());
        assertEquals(Type.SOA, aaaa.getSection(Section.AUTHORITY).get(0).getType());
    }

    @Test
    void ednsIsEchoedAndAnUnknownVersionGetsBadvers() throws Exception {
        Message query = Message.newQuery(Record.newRecord(
                Name.fromString(QueryNames.of(DnsblFixture.BLOCKED_IP, "r", ZONE) + "."), Type.A, DClass.IN));
        query.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        Message m = new Message(responder.respond(ByteBuffer.wrap(query.toWire()), DnsblResponder.Transport.UDP));
        assertEquals(DnsblResponder.EDNS_PAYLOAD, m.getOPT().getPayloadSize());
        assertEquals("127.0.0.2", a(m));

        Message v1 = Message.newQuery(Record.newRecord(Name.fromString(ZONE + "."), Type.SOA, DClass.IN));
        v1.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
        Message bad = new Message(responder.respond(ByteBuffer.wrap(v1.toWire()), DnsblResponder.Transport.UDP));
        assertEquals(Rcode.BADVERS, bad.getRcode());
        assertTrue(bad.getSection(Section.ANSWER).isEmpty());
    }

    @Test
    void otherOpcodesAreNotImplementedAndResponsesAreNeverAnswered() throws Exception {
        Message notify = Message.newQuery(Record.newRecord(Name.fromString(ZONE + "."), Type.SOA, DClass.IN));
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        Message m = new Message(responder.respond(ByteBuffer.wrap(notify.toWire()), DnsblResponder.Transport.UDP));
        assertEquals(Rcode.NOTIMP, m.getRcode());

        Message response = Message.newQuery(Record.newRecord(Name.fromString(ZONE + "."), Type.SOA, DClass.IN));
        response.getHeader().setFlag(Flags.QR); // answering a response could loop between two servers
        assertNull(responder.respond(ByteBuffer.wrap(response.toWire()), DnsblResponder.Transport.UDP));
    }

    @Test
    void malformedMessagesGetFormerrOrSilenceNeverMore() throws Exception {
        assertNull(responder.respond(ByteBuffer.wrap(new byte[] {1, 2, 3}), DnsblResponder.Transport.UDP));
        // A header that promises a question the packet does not hold.
        byte[] truncated = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'a', 'b'};
        byte[] answer = responder.respond(ByteBuffer.wrap(truncated), DnsblResponder.Transport.UDP);
        Message m = new Message(answer);
        assertEquals(Rcode.FORMERR, m.getRcode());
        assertEquals(0x1234, m.getHeader().getID());
        assertTrue(answer.length <= truncated.length, "no larger than the query");
        // Two questions.
        Message two = Message.newQuery(Record.newRecord(Name.fromString(ZONE + "."), Type.SOA, DClass.IN));
        two.addRecord(Record.newRecord(Name.fromString(ZONE + "."), Type.NS, DClass.IN), Section.QUESTION);
        assertEquals(Rcode.FORMERR,
                new Message(responder.respond(ByteBuffer.wrap(two.toWire()), DnsblResponder.Transport.UDP)).getRcode());
        // No question at all.
        Message none = new Message(0x4321);
        assertEquals(Rcode.FORMERR,
                new Message(responder.respond(ByteBuffer.wrap(none.toWire()), DnsblResponder.Transport.UDP)).getRcode());
    }

    @Test
    void noAnswerNamesAnInternalSourceOrLine() throws Exception {
        String[] listed = {DnsblFixture.BLOCKED_IP, DnsblFixture.BLOCKED_COUNTRY, DnsblFixture.REPUTATION_STANDARD,
            DnsblFixture.APPROVED_OVER_BLOCKED, DnsblFixture.APPROVED_COUNTRY, DnsblFixture.GLOBAL_APPROVED,
            DnsblFixture.BLOCKED_IPV6, DnsblFixture.APPROVED_IPV6, DnsblFixture.REPUTATION_DYNAMIC, "127.0.0.3"};
        int answers = 0;
        for (String ip : listed) {
            for (String sub : new String[] {"r", "q", "a"}) {
                Message m = ask(QueryNames.of(ip, sub, ZONE), Type.TXT);
                if (m.getRcode() == Rcode.NOERROR) {
                    String text = txt(m);
                    answers++;
                    for (String internal : new String[] {".csv", ".feed", "line", "/"}) {
                        assertFalse(text.contains(internal), ip + " in " + sub + ": " + text);
                    }
                }
            }
        }
        assertEquals(10, answers);
        // The detail stays where the operator looks: the lookup names the entry, its file and line.
        io.gatelist.lookup.Verdict inside = snapshot.lookup(DnsblFixture.BLOCKED_IP, null,
                io.gatelist.lookup.Mode.STANDARD);
        assertEquals("203.0.113.0/24 blocked.csv 3", inside.matched().value() + " " + inside.matched().source() + " "
                + inside.matched().line());
    }

    @Test
    void aTemplateOfItsOwnIsAppliedWithTheAddressAskedAbout() throws Exception {
        DnsblResponder custom = new DnsblResponder(settings.withPublicText(PublicText.of(
                "${decision}: ${step}; $$5 to delist $, see ${url}", "https://bl.example.org/lookup?ip=$")),
                () -> snapshot);
        assertEquals("Blocked: blocked-ip; $5 to delist 203.0.113.5, see https://bl.example.org/lookup?ip=203.0.113.5",
                txt(ask(custom, QueryNames.of(DnsblFixture.BLOCKED_IP, "r", ZONE), Type.TXT)));
        assertEquals("Approved: approved-ip; $5 to delist 2001:db8:dead:beef::1, see "
                + "https://bl.example.org/lookup?ip=2001:db8:dead:beef::1",
                txt(ask(custom, QueryNames.of(DnsblFixture.APPROVED_IPV6, "a", ZONE), Type.TXT)));
        // An IPv4-mapped name answers as its IPv4 address, and names it so.
        assertTrue(txt(ask(custom, QueryNames.of("::ffff:" + DnsblFixture.BLOCKED_IP, "r", ZONE), Type.TXT))
                .endsWith("?ip=203.0.113.5"));
        assertEquals(PublicText.TEST_ENTRY, txt(ask(custom, QueryNames.of("127.0.0.2", "r", ZONE), Type.TXT)));
        DnsblResponder url = new DnsblResponder(settings.withPublicText(PublicText.of(null,
                "https://bl.example.org/why")), () -> snapshot);
        assertEquals("Blocked by policy (blocked-country); see https://bl.example.org/why",
                txt(ask(url, QueryNames.of(DnsblFixture.BLOCKED_COUNTRY, "r", ZONE), Type.TXT)));
    }

    @Test
    void anAnswerTooLargeForUdpIsTruncatedAndWholeOverTcp() throws Exception {
        // A long zone name, an IPv6 name and a TXT of 254 bytes do not fit in 512 bytes.
        String zone = "a".repeat(55) + "." + "b".repeat(55) + "." + "c".repeat(55) + ".example.org";
        SnapshotBuilder b = new SnapshotBuilder(1, Instant.EPOCH);
        b.addIpEntry(Step.BLOCKED_IP, IpPrefix.ipv6(0x20010db800000000L, 0, 32), "blocked.csv", 1);
        PolicySnapshot s = PolicySnapshot.fromBytes(bytes(b.build()));
        DnsblResponder r = new DnsblResponder(ZoneSettings.defaults(Name.fromString(zone + "."))
                .withPublicText(PublicText.of("x".repeat(PublicText.MAX_BYTES), null)), () -> s);
        Message query = Message.newQuery(Record.newRecord(Name.fromString(QueryNames.of("2001:db8::1", "r", zone)
                + "."), Type.TXT, DClass.IN));
        byte[] udp = r.respond(ByteBuffer.wrap(query.toWire()), DnsblResponder.Transport.UDP);
        assertTrue(udp.length <= DnsblResponder.PLAIN_UDP);
        Message cut = new Message(udp);
        assertTrue(cut.getHeader().getFlag(Flags.TC), "truncated");
        Message whole = new Message(r.respond(ByteBuffer.wrap(query.toWire()), DnsblResponder.Transport.TCP));
        assertFalse(whole.getHeader().getFlag(Flags.TC));
        assertEquals("x".repeat(PublicText.MAX_BYTES), txt(whole));
    }

    @Test
    void theSoaSerialFollowsTheSnapshot() throws Exception {
        PolicySnapshot[] current = {snapshot};
        DnsblResponder r = new DnsblResponder(settings, () -> current[0]);
        long first = ((SOARecord) ask(r, ZONE, Type.SOA).getSection(Section.ANSWER).get(0)).getSerial();
        current[0] = PolicySnapshot.fromBytes(bytes(DnsblFixture.lists(4).build()));
        long second = ((SOARecord) ask(r, ZONE, Type.SOA).getSection(Section.ANSWER).get(0)).getSerial();
        assertEquals(first + 1, second);
        assertArrayEquals(new long[] {snapshot.info().created().getEpochSecond()}, new long[] {first});
    }
}
