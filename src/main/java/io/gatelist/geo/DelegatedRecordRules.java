package io.gatelist.geo;

import io.gatelist.finding.Finding;
import io.gatelist.finding.Rule;
import io.gatelist.lookup.IpLiterals;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Judges one record of an RIR delegated statistics file, {@code registry|cc|type|start|value|date|status}
 * optionally followed by {@code |opaque-id} and extensions, and turns it into a {@link GeoRange}.
 *
 * <p>Only {@code allocated} and {@code assigned} address records place addresses in a country; {@code asn}
 * records and the {@code available} and {@code reserved} statuses are ignored without a finding, as the format
 * intends. An IPv4 value is a count of addresses, which need not be a power of two or aligned (the range is
 * stored as it is, not split into CIDR blocks); an IPv6 value is a prefix length. EU, AP and ZZ, which name no
 * country, keep their range with the country unknown.
 */
public final class DelegatedRecordRules {

    /**
     * What a record turned into.
     *
     * @param range    the range to store, or {@code null} when the record is ignored or rejected
     * @param ignored  true for a well-formed record that places no address (asn, available, reserved)
     * @param findings everything found, each naming its field
     * @param reason   why the record was rejected, or {@code null}
     */
    public record Outcome(GeoRange range, boolean ignored, List<Finding> findings, String reason) {
        /** True when the record has an error and is rejected. */
        public boolean rejected() {
            return reason != null;
        }
    }

    /** Field names, used as the "column" of findings. */
    public static final List<String> FIELDS = List.of("registry", "cc", "type", "start", "value", "date", "status",
            "opaque-id");

    private static final Set<String> ISO_CODES = Set.of(Locale.getISOCountries());
    private static final Set<String> NO_COUNTRY = Set.of("EU", "AP", "ZZ");

    private DelegatedRecordRules() {
    }

    /** Splits a line on {@code |}, keeping empty fields. */
    public static String[] split(String line) {
        return line.split("\\|", -1);
    }

    /** Judges a record given as its fields. */
    public static Outcome check(String[] f) {
        List<Finding> findings = new ArrayList<>();
        if (f.length < 7) {
            return rejected(findings, Finding.of(Rule.GEO_RECORD_FIELDS, null, String.join("|", f),
                    "a record has at least 7 |-separated fields, this one has " + f.length));
        }
        String type = f[2].strip();
        String status = f[6].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("ipv4") && !type.equals("ipv6") && !type.equals("asn")) {
            return rejected(findings, Finding.of(Rule.GEO_TYPE_UNKNOWN, "type", f[2],
                    "\"" + f[2] + "\" is not ipv4, ipv6 or asn"));
        }
        switch (status) {
            case "allocated", "assigned" -> {
            }
            case "available", "reserved" -> {
                return new Outcome(null, true, findings, null);
            }
            default -> {
                findings.add(Finding.of(Rule.GEO_STATUS_UNKNOWN, "status", f[6],
                        "status \"" + f[6] + "\" is not allocated, assigned, available or reserved; ignored"));
                return new Outcome(null, true, findings, null);
            }
        }
        if (type.equals("asn")) {
            return new Outcome(null, true, findings, null);
        }
        String date = f[5].strip();
        if (!date.isEmpty() && !date.matches("\\d{8}")) {
            findings.add(Finding.of(Rule.GEO_DATE_INVALID, "date", f[5], "\"" + f[5] + "\" is not yyyymmdd"));
        }
        String cc = f[1].strip();
        String country;
        if (cc.length() != 2 || !isUpperAscii(cc.charAt(0)) || !isUpperAscii(cc.charAt(1))) {
            return rejected(findings, Finding.of(Rule.GEO_COUNTRY_INVALID, "cc", f[1],
                    "\"" + f[1] + "\" is not a two-letter upper-case code"));
        } else if (NO_COUNTRY.contains(cc) || !ISO_CODES.contains(cc)) {
            findings.add(Finding.of(Rule.GEO_COUNTRY_UNKNOWN, "cc", f[1], cc + " names no ISO 3166-1 country; "
                    + "the range is stored with its country unknown"));
            country = null;
        } else {
            country = cc;
        }
        return type.equals("ipv4") ? ipv4(f, country, findings) : ipv6(f, country, findings);
    }

    private static Outcome ipv4(String[] f, String country, List<Finding> findings) {
        long start = IpLiterals.parseIpv4(f[3].strip());
        if (start == IpLiterals.INVALID) {
            return rejected(findings, Finding.of(Rule.GEO_START_INVALID, "start", f[3],
                    "\"" + f[3] + "\" is not an IPv4 address"));
        }
        long count = parseCount(f[4].strip());
        if (count < 1 || start + count - 1 > 0xFFFFFFFFL) {
            return rejected(findings, Finding.of(Rule.GEO_VALUE_INVALID, "value", f[4],
                    "\"" + f[4] + "\" is not a count of addresses from " + f[3].strip()
                            + " to at most 255.255.255.255"));
        }
        return new Outcome(new GeoRange(4, 0, start, 0, start + count - 1, country), false, findings, null);
    }

    private static Outcome ipv6(String[] f, String country, List<Finding> findings) {
        long[] address = new long[2];
        if (!IpLiterals.parseIpv6(f[3].strip(), address) || IpLiterals.isIpv4Mapped(address[0], address[1])) {
            return rejected(findings, Finding.of(Rule.GEO_START_INVALID, "start", f[3],
                    "\"" + f[3] + "\" is not an IPv6 address"));
        }
        long length = parseCount(f[4].strip());
        if (length < 1 || length > 128) {
            return rejected(findings, Finding.of(Rule.GEO_VALUE_INVALID, "value", f[4],
                    "\"" + f[4] + "\" is not an IPv6 prefix length from 1 to 128"));
        }
        int len = (int) length;
        long hostHigh = len >= 64 ? 0 : -1L >>> len;
        long hostLow = len <= 64 ? -1L : len == 128 ? 0 : -1L >>> (len - 64);
        if ((address[0] & hostHigh) != 0 || (address[1] & hostLow) != 0) {
            return rejected(findings, Finding.of(Rule.CIDR_HOST_BITS, "start", f[3],
                    f[3].strip() + "/" + len + " has host bits set"));
        }
        return new Outcome(new GeoRange(6, address[0], address[1], address[0] | hostHigh, address[1] | hostLow,
                country), false, findings, null);
    }

    private static boolean isUpperAscii(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** A decimal number of at most 10 digits, or -1. */
    private static long parseCount(String text) {
        if (text.isEmpty() || text.length() > 10) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Outcome rejected(List<Finding> findings, Finding error) {
        findings.add(error);
        return new Outcome(null, false, findings, error.message());
    }
}
