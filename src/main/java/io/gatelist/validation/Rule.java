package io.gatelist.validation;

/**
 * Every validation rule Gatelist applies, with its stable kebab-case code and default severity. Reports,
 * JSON output and tests refer to rules by code; codes never change meaning once published.
 */
public enum Rule {
    // IP-to-country: RIR delegated statistics files (import-geo)
    GEO_HEADER_MISSING("geo-header-missing", Severity.ERROR,
            "The file does not start with a delegated-statistics version line."),
    GEO_COUNT_MISMATCH("geo-count-mismatch", Severity.ERROR,
            "The header or a summary line declares a number of records the file does not hold (a truncated download?)."),
    GEO_RECORD_FIELDS("geo-record-fields", Severity.ERROR,
            "A record needs registry|cc|type|start|value|date|status, optionally |opaque-id and extensions."),
    GEO_TYPE_UNKNOWN("geo-type-unknown", Severity.ERROR, "The record type is not ipv4, ipv6 or asn."),
    GEO_START_INVALID("geo-start-invalid", Severity.ERROR, "The start is not an address of the record's type."),
    GEO_VALUE_INVALID("geo-value-invalid", Severity.ERROR,
            "The value is not an address count (IPv4) or a prefix length (IPv6) that fits after the start."),
    GEO_COUNTRY_INVALID("geo-country-invalid", Severity.ERROR, "The country is not two upper-case letters."),
    GEO_COUNTRY_UNKNOWN("geo-country-unknown", Severity.INFO,
            "The code names no ISO 3166-1 country (EU, AP, ZZ): the range is stored with its country unknown."),
    GEO_STATUS_UNKNOWN("geo-status-unknown", Severity.WARNING,
            "The status is not allocated, assigned, available or reserved; the record is ignored."),
    GEO_DATE_INVALID("geo-date-invalid", Severity.WARNING, "The date is not yyyymmdd."),

    // File level
    FILE_EMPTY("file-empty", Severity.ERROR, "The file has no content."),
    FILE_BINARY("file-binary", Severity.ERROR, "The file contains NUL bytes or is not text."),
    FILE_NOT_UTF8("file-not-utf8", Severity.ERROR, "A byte sequence is not valid UTF-8."),
    FILE_BOM("file-bom", Severity.INFO, "A UTF-8 byte order mark was found and stripped."),
    FILE_TOO_LARGE("file-too-large", Severity.ERROR, "The file is larger than the configured maximum."),
    LINE_TOO_LONG("line-too-long", Severity.ERROR, "A line is longer than the configured maximum."),
    UNBALANCED_QUOTE("unbalanced-quote", Severity.ERROR, "A quoted field is never closed."),
    CSV_MALFORMED("csv-malformed", Severity.ERROR, "The file cannot be read as CSV."),

    // Header and row shape
    HEADER_MISSING_COLUMN("header-missing-column", Severity.ERROR, "A required column is absent from the header."),
    HEADER_UNKNOWN_COLUMN("header-unknown-column", Severity.WARNING, "The header names a column Gatelist does not know."),
    HEADER_DUPLICATE_COLUMN("header-duplicate-column", Severity.ERROR, "The header names a column twice."),
    ROW_EXTRA_CELLS("row-extra-cells", Severity.ERROR, "The row has more cells than the header."),
    ROW_MISSING_CELLS("row-missing-cells", Severity.ERROR, "The row has fewer cells than the header."),
    VALUE_REQUIRED("value-required", Severity.ERROR, "A required value is empty."),
    DUPLICATE_ROW("duplicate-row", Severity.WARNING, "The same entry appears earlier in the file."),

    // Policy fields
    LIST_UNKNOWN("list-unknown", Severity.ERROR, "The list is neither approved nor blocked."),
    KIND_UNKNOWN("kind-unknown", Severity.ERROR, "The kind is neither ip nor country."),

    // Addresses
    IP_INVALID("ip-invalid", Severity.ERROR, "The value is not an IPv4 or IPv6 address or CIDR range."),
    IPV4_LEADING_ZERO("ipv4-leading-zero", Severity.ERROR, "An IPv4 octet has a leading zero (octal to some parsers)."),
    IPV4_TOO_FEW_PARTS("ipv4-too-few-parts", Severity.ERROR, "An IPv4 address needs four dotted decimal parts."),
    IPV4_OCTET_RANGE("ipv4-octet-range", Severity.ERROR, "An IPv4 octet is larger than 255."),
    IPV4_HEX("ipv4-hex", Severity.ERROR, "Hexadecimal IPv4 forms are not accepted."),
    IPV6_ZONE("ipv6-zone", Severity.ERROR, "IPv6 zone ids (%eth0) name a local interface, not a sender."),
    IPV6_BRACKETS("ipv6-brackets", Severity.ERROR, "IPv6 addresses are written without brackets."),
    IPV6_IPV4_COMPATIBLE("ipv6-ipv4-compatible", Severity.ERROR, "IPv4-compatible IPv6 (::a.b.c.d) is deprecated (RFC 4291)."),
    IPV4_MAPPED("ipv4-mapped", Severity.INFO, "An IPv4-mapped IPv6 address is stored as its IPv4 address."),
    CIDR_HOST_BITS("cidr-host-bits", Severity.ERROR, "The range has host bits set."),
    CIDR_ZERO_PREFIX("cidr-zero-prefix", Severity.ERROR, "A /0 range covers every address."),
    CIDR_PREFIX_INVALID("cidr-prefix-invalid", Severity.ERROR, "The prefix length is not a number in range."),
    CIDR_TOO_WIDE("cidr-too-wide", Severity.WARNING, "The range is wider than this list's configured minimum prefix length."),
    SPECIAL_PURPOSE("special-purpose-address", Severity.WARNING, "The address is in an IANA special-purpose range."),

    // Countries
    COUNTRY_UNKNOWN("country-unknown", Severity.ERROR, "The value is not an ISO 3166-1 alpha-2 country."),
    COUNTRY_NAME_MAPPED("country-name-mapped", Severity.INFO, "A country name or alias was mapped to its code."),
    COUNTRY_NOT_A_COUNTRY("country-not-a-country", Severity.ERROR, "The code is reserved, a pseudo-code or user-assigned.");

    private final String code;
    private final Severity severity;
    private final String description;

    Rule(String code, Severity severity, String description) {
        this.code = code;
        this.severity = severity;
        this.description = description;
    }

    /** The stable kebab-case code. */
    public String code() {
        return code;
    }

    /** The default severity. */
    public Severity severity() {
        return severity;
    }

    /** One sentence saying what the rule checks. */
    public String description() {
        return description;
    }
}
