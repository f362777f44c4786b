package io.gatelist.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.finding.LocatedFinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delegated statistics format: records, the version line, summaries, and what each field may hold. */
class DelegatedStatsTest {

    @TempDir
    Path dir;

    private static DelegatedRecordRules.Outcome check(String line) {
        return DelegatedRecordRules.check(DelegatedRecordRules.split(line));
    }

    private static String codes(DelegatedRecordRules.Outcome o) {
        return String.join(",", o.findings().stream().map(f -> f.code() + "@" + f.column()).toList());
    }

    @Test
    void anIpv4CountNeedNotBeAPowerOfTwoOrAligned() {
        GeoRange r = check("ripencc|DE|ipv4|198.51.100.0|768|20110315|assigned|x").range();
        assertEquals(new GeoRange(4, 0, 0xC6336400L, 0, 0xC63366FFL, "DE"), r); // 198.51.100.0-198.51.102.255
        GeoRange odd = check("arin|US|ipv4|192.0.2.7|3|20110315|allocated").range();
        assertEquals("192.0.2.7-192.0.2.9 US", odd.toString());
    }

    @Test
    void anIpv6ValueIsAPrefixLength() {
        GeoRange r = check("apnic|NZ|ipv6|2001:db8::|32|20120101|allocated|A1").range();
        assertEquals(new GeoRange(6, 0x20010db800000000L, 0, 0x20010db8FFFFFFFFL, -1L, "NZ"), r);
        assertEquals(new GeoRange(6, 0x20010db800000000L, 1, 0x20010db800000000L, 1, "NZ"),
                check("apnic|NZ|ipv6|2001:db8::1|128|20120101|assigned").range());
    }

    @Test
    void euApAndZzKeepTheirRangeWithTheCountryUnknown() {
        for (String cc : new String[] {"EU", "AP", "ZZ"}) {
            DelegatedRecordRules.Outcome o = check("ripencc|" + cc + "|ipv4|203.0.113.0|256|20150601|allocated");
            assertNull(o.range().country());
            assertEquals("geo-country-unknown@cc", codes(o));
            assertFalse(o.rejected());
        }
    }

    @Test
    void recordsThatPlaceNoAddressAreIgnoredWithoutAFinding() {
        for (String line : new String[] {"arin|US|asn|64500|1|20100101|allocated|x",
            "ripencc|ZZ|ipv4|100.64.0.0|4096|00000000|available|", "lacnic||ipv6|2001:db9::|32||reserved|"}) {
            DelegatedRecordRules.Outcome o = check(line);
            assertTrue(o.ignored(), line);
            assertNull(o.range(), line);
            assertTrue(o.findings().isEmpty(), line);
        }
        DelegatedRecordRules.Outcome unknown = check("arin|US|ipv4|8.8.8.0|256|19921201|pending");
        assertTrue(unknown.ignored());
        assertEquals("geo-status-unknown@status", codes(unknown));
    }

    @Test
    void everyBadFieldIsRejectedWithItsName() {
        assertEquals("geo-record-fields@null", codes(check("arin|US|ipv4|8.8.8.0|256")));
        assertEquals("geo-type-unknown@type", codes(check("arin|US|ipv5|8.8.8.0|256|19921201|allocated")));
        assertEquals("geo-country-invalid@cc", codes(check("arin|us|ipv4|8.8.8.0|256|19921201|allocated")));
        assertEquals("geo-country-invalid@cc", codes(check("arin|USA|ipv4|8.8.8.0|256|19921201|allocated")));
        assertEquals("geo-start-invalid@start", codes(check("arin|US|ipv4|8.8.08.0|256|19921201|allocated")));
        assertEquals("geo-start-invalid@start", codes(check("arin|US|ipv6|8.8.8.0|32|19921201|allocated")));
        assertEquals("geo-value-invalid@value", codes(check("arin|US|ipv4|8.8.8.0|0|19921201|allocated")));
        assertEquals("geo-value-invalid@value", codes(check("arin|US|ipv4|255.255.255.0|257|19921201|allocated")));
        assertEquals("geo-value-invalid@value", codes(check("arin|US|ipv4|8.8.8.0|-1|19921201|allocated")));
        assertEquals("geo-value-invalid@value", codes(check("arin|US|ipv6|2001:db8::|129|19921201|allocated")));
        assertEquals("cidr-host-bits@start", codes(check("arin|US|ipv6|2001:db8::1|32|19921201|allocated")));
        assertTrue(check("arin|US|ipv4|8.8.8.0|0|19921201|allocated").rejected());
        DelegatedRecordRules.Outcome date = check("arin|US|ipv4|8.8.8.0|256|1992-12-01|allocated");
        assertEquals("geo-date-invalid@date", codes(date));
        assertFalse(date.rejected(), "a bad date is a warning: the range is still good");
        assertEquals("255.255.255.0-255.255.255.255 US",
                check("arin|US|ipv4|255.255.255.0|256|19921201|allocated").range().toString());
    }

    @Test
    void theSampleIsWellFormed() throws Exception {
        Path sample = Path.of("samples", "delegated-sample.txt");
        assertEquals(List.of(), DelegatedFile.check(sample));
        List<DelegatedFile.Line> records = readAll(sample);
        assertEquals(12, records.size());
        assertEquals(1, records.get(0).recordNo());
        assertEquals(8, records.get(0).lineNo(), "physical line numbers, comments and summaries counted");
    }

    @Test
    void countsThatDoNotAddUpHoldTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("truncated.txt"), """
                2|arin|20260101|3|19830705|20260101|-0500
                arin|*|ipv4|*|3|summary
                arin|US|ipv4|8.8.8.0|256|19921201|allocated
                arin|US|ipv4|8.8.9.0|256|19921201|allocated
                """);
        List<String> found = DelegatedFile.check(file).stream()
                .map(f -> f.finding().code() + "@" + f.line() + ":" + f.finding().message()).toList();
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("geo-count-mismatch@1:the version line declares 3 records, the file "
                + "holds 2"), found.toString());
        assertTrue(found.get(1).startsWith("geo-count-mismatch@2:the summary declares 3 ipv4 records"),
                found.toString());
    }

    @Test
    void aFileWithoutAVersionLineIsHeldAndItsRecordsStillRead() throws Exception {
        Path file = Files.writeString(dir.resolve("headless.txt"), "# no header\r\n"
                + "arin|US|ipv4|8.8.8.0|256|19921201|allocated\r\n");
        List<LocatedFinding> found = DelegatedFile.check(file);
        assertEquals(1, found.size());
        assertEquals("geo-header-missing", found.get(0).finding().code());
        assertEquals(2, found.get(0).line());
        List<DelegatedFile.Line> records = readAll(file);
        assertEquals(1, records.size());
        assertEquals("arin|US|ipv4|8.8.8.0|256|19921201|allocated", records.get(0).text());
    }

    @Test
    void bytesThatAreNotUtf8HoldTheFile() throws Exception {
        Path file = dir.resolve("binary.txt");
        Files.write(file, new byte[] {'2', '|', (byte) 0xFF, (byte) 0xFE, '\n'});
        assertEquals("file-not-utf8", DelegatedFile.check(file).get(0).finding().code());
    }

    @Test
    void skippingToACheckpointResumesAtTheNextRecord() throws Exception {
        Path sample = Path.of("samples", "delegated-sample.txt");
        try (DelegatedFile in = DelegatedFile.open(sample)) {
            in.skipTo(5);
            assertEquals(5, in.recordsConsumed());
            DelegatedFile.Line next = in.next();
            assertEquals(6, next.recordNo());
            assertTrue(next.text().startsWith("sample|EU|ipv4|203.0.113.128|"), next.text());
        }
    }

    private static List<DelegatedFile.Line> readAll(Path file) throws Exception {
        List<DelegatedFile.Line> lines = new ArrayList<>();
        try (DelegatedFile in = DelegatedFile.open(file)) {
            DelegatedFile.Line line;
            while ((line = in.next()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
