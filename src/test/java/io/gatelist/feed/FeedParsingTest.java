package io.gatelist.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import io.gatelist.policy.IpPrefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedParsingTest {

    @TempDir
    Path dir;

    @Test
    void dropLinesCarryTheirListingId() {
        FeedLineParser p = new FeedLineParser();
        FeedLineParser.Parsed parsed = p.parse(7, "1.10.16.0/20 ; SBL256894");
        assertEquals(FeedLineParser.Kind.ENTRY, parsed.kind());
        assertEquals(new FeedLine(7, "1.10.16.0/20", "SBL256894", false), parsed.entry());
        assertEquals(FeedLineParser.Kind.COMMENT, p.parse(1, "; Spamhaus DROP List 2026/11/23").kind());
    }

    @Test
    void rbldnsdDefaultValuesExclusionsAndDirectivesAreUnderstood() {
        FeedLineParser p = new FeedLineParser();
        assertEquals(FeedLineParser.Kind.DIRECTIVE, p.parse(1, "$TTL 3600").kind());
        assertEquals(FeedLineParser.Kind.DEFAULT_VALUE, p.parse(2, ":127.0.0.2:Listed by policy").kind());
        assertEquals(new FeedLine(3, "192.0.2.0/24", "Listed by policy", false), p.parse(3, "192.0.2.0/24").entry());
        assertEquals(new FeedLine(4, "192.0.2.7", "Listed by policy", true), p.parse(4, "!192.0.2.7").entry());
        assertEquals(new FeedLine(5, "2001:db8::/32", "dynamic pool", false),
                p.parse(5, "2001:db8::/32 :3:dynamic pool").entry());
        assertEquals("spamtrap", p.parse(6, "198.51.100.9 spamtrap").entry().reason());
        // From rbldnsd's own ip6trie example: "::" starts an address, not a default value; "#" starts a comment.
        assertEquals(new FeedLine(7, "::1", "Listed by policy", false), p.parse(7, "::1\t\t       # localhost")
                .entry());
        assertEquals(new FeedLine(8, "2605:6001:42::bead", "Listed by policy", true),
                p.parse(8, "!2605:6001:42::bead   # exclusion").entry());
    }

    @Test
    void formatsAreToldByTheirFirstMeaningfulLine() throws Exception {
        assertEquals(FeedFormat.LINES, detect("; DROP\n1.10.16.0/20 ; SBL256894\n"));
        assertEquals(FeedFormat.LINES, detect("# plain\n192.0.2.1\n"));
        assertEquals(FeedFormat.LINES, detect(":127.0.0.2:Listed\n192.0.2.0/24\n"));
        assertEquals(FeedFormat.JSON_LINES, detect("{\"cidr\":\"1.10.16.0/20\",\"sblid\":\"SBL256894\",\"rir\":\"apnic\"}\n"));
        assertEquals(FeedFormat.CSV, detect("value,reason\n192.0.2.1,spam\n"));
        assertNull(detect("list,kind,value\napproved,ip,192.0.2.1\n"));
    }

    private FeedFormat detect(String content) throws Exception {
        Path f = Files.writeString(dir.resolve("f" + content.hashCode()), content);
        return FeedFormat.detect(f);
    }

    @Test
    void rangesSplitIntoTheFewestExactBlocks() {
        FeedValues.Result r = FeedValues.check("value", "192.0.2.5-192.0.2.20");
        assertEquals(List.of("192.0.2.5", "192.0.2.6/31", "192.0.2.8/29", "192.0.2.16/30", "192.0.2.20"),
                r.prefixes().stream().map(IpPrefix::canonical).toList());
        FeedValues.Result everything = FeedValues.check("value", "0.0.0.0-255.255.255.255");
        assertTrue(everything.prefixes().isEmpty(), "a range covering every address is refused, like /0");
        assertTrue(everything.findings().stream().anyMatch(f -> f.code().equals("cidr-zero-prefix")),
                everything.findings().toString());
        assertTrue(FeedValues.check("value", "192.0.2.9-192.0.2.1").prefixes().isEmpty(), "reversed range");
        assertTrue(FeedValues.check("value", "192.0.2.1-2001:db8::1").prefixes().isEmpty(), "mixed families");
        assertEquals(List.of("255.255.255.254/31"), FeedValues.check("value", "255.255.255.254-255.255.255.255")
                .prefixes().stream().map(IpPrefix::canonical).toList());
    }

    @Test
    void rangeSplittingAgreesWithIPAddressOnRandomRanges() {
        Random random = new Random(11);
        for (int i = 0; i < 2000; i++) {
            boolean v6 = random.nextBoolean();
            String a;
            String b;
            if (v6) {
                long base = random.nextLong() & 0xFFFFL;
                a = "2001:db8::" + Long.toHexString(base) + ":" + Integer.toHexString(random.nextInt(0x10000));
                b = "2001:db8::" + Long.toHexString(base + random.nextInt(3)) + ":"
                        + Integer.toHexString(random.nextInt(0x10000));
            } else {
                int x = random.nextInt(1 << 20);
                int y = x + random.nextInt(1 << 12);
                a = "10." + (x >>> 16) + "." + ((x >>> 8) & 0xFF) + "." + (x & 0xFF);
                b = "10." + (y >>> 16 & 0xFF) + "." + ((y >>> 8) & 0xFF) + "." + (y & 0xFF);
            }
            IPAddress first = new IPAddressString(a).getAddress();
            IPAddress last = new IPAddressString(b).getAddress();
            if (first.compareTo(last) > 0) {
                continue;
            }
            IPAddressSeqRange range = first.spanWithRange(last);
            List<String> expected = Arrays.stream(range.spanWithPrefixBlocks())
                    .map(p -> p.isSinglePrefixBlock() && p.getPrefixLength() != null
                            && p.getPrefixLength() < p.getBitCount() ? p.toCanonicalString()
                            : p.getLower().withoutPrefixLength().toCanonicalString())
                    .toList();
            List<String> actual = FeedValues.check("value", a + "-" + b).prefixes().stream()
                    .map(IpPrefix::canonical).toList();
            assertEquals(expected, actual, a + "-" + b);
        }
    }
}
