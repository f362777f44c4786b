package io.gatelist.finding;

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

    // Reputation feeds (import-feed)
    FEED_LINE_MALFORMED("feed-line-malformed", Severity.ERROR,
            "The line is not an entry of the feed's format (a JSON object with a cidr, a value,reason row)."),
    FEED_HEADER_MISSING("feed-header-missing", Severity.ERROR, "A CSV feed starts with the header value,reason."),

    // File level
    FILE_EMPTY("file-empty", Severity.ERROR, "The file has no content."),
    FILE_BINARY("file-binary", Severity.ERROR, "The file contains NUL bytes or is not text."),
    FILE_NOT_UTF8("file-not-utf8", Severity.ERROR, "A byte sequence is not valid UTF-8."),
    FILE_BOM("file-bom", Severity.INFO, "A UTF-8 byte order mark was found and stripped."),
    FILE_TOO_LARGE("file-too-large", Severity.ERROR, "The file is larger than the configured maximum."),
    LINE_TOO_LONG("line-too-long", Severity.ERROR, "A line is longer than the configured maximum."),
    UNBALANCED_QUOTE("unbalanced-quote", Severity.ERROR, "A quoted field is never closed."),
    CSV_MALFORMED("csv-malformed", Severity.ERROR, "The file cannot be read as CSV."),
    CSV_SEMICOLON_SEPARATED("csv-semicolon-separated", Severity.ERROR,
            "The file's cells are separated by semicolons (as Excel saves CSV in some locales), not commas."),
    LINE_ENDINGS_MIXED("line-endings-mixed", Severity.INFO, "The file mixes CRLF, LF and CR line ends (all are read)."),
    CSV_TEXT_AFTER_QUOTE("csv-text-after-quote", Severity.ERROR,
            "Text follows the closing quote of a quoted field; quote the whole field."),
    CSV_STRAY_QUOTE("csv-stray-quote", Severity.WARNING,
            "A quote inside an unquoted field is kept as a character; quote the field and double the quote."),
    CONTROL_CHARACTER("control-character", Severity.ERROR,
            "A cell holds a control character (escape, backspace, ...) that no list value contains."),

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
    KIND_MISMATCH("kind-mismatch", Severity.ERROR, "The value is of another kind than the row says (a country in an ip row)."),

    // Addresses
    IP_INVALID("ip-invalid", Severity.ERROR, "The value is not an IPv4 or IPv6 address or CIDR range."),
    IPV4_LEADING_ZERO("ipv4-leading-zero", Severity.ERROR, "An IPv4 octet has a leading zero (octal to some parsers)."),
    IPV4_TOO_FEW_PARTS("ipv4-too-few-parts", Severity.ERROR, "An IPv4 address needs four dotted decimal parts."),
    IPV4_OCTET_RANGE("ipv4-octet-range", Severity.ERROR, "An IPv4 octet is larger than 255."),
    IPV4_HEX("ipv4-hex", Severity.ERROR, "Hexadecimal IPv4 forms are not accepted."),
    IPV4_TOO_MANY_PARTS("ipv4-too-many-parts", Severity.ERROR, "An IPv4 address has exactly four dotted parts."),
    IPV4_EMPTY_PART("ipv4-empty-part", Severity.ERROR, "An IPv4 address has an empty part (two dots in a row, or a dot at an end)."),
    IPV6_INVALID("ipv6-invalid", Severity.ERROR, "The value is not an RFC 4291 IPv6 address or prefix."),
    IPV6_MULTIPLE_COMPRESSION("ipv6-multiple-compression", Severity.ERROR,
            "\"::\" appears more than once, so the address is ambiguous."),
    IPV6_GROUP_TOO_LONG("ipv6-group-too-long", Severity.ERROR, "An IPv6 group has more than four hexadecimal digits."),
    IPV6_ZONE("ipv6-zone", Severity.ERROR, "IPv6 zone ids (%eth0) name a local interface, not a sender."),
    IPV6_BRACKETS("ipv6-brackets", Severity.ERROR, "IPv6 addresses are written without brackets."),
    IPV6_IPV4_COMPATIBLE("ipv6-ipv4-compatible", Severity.ERROR, "IPv4-compatible IPv6 (::a.b.c.d) is deprecated (RFC 4291)."),
    IPV4_MAPPED("ipv4-mapped", Severity.INFO, "An IPv4-mapped IPv6 address is stored as its IPv4 address."),
    IP_NORMALISED("ip-normalised", Severity.INFO,
            "The address is stored in canonical form (RFC 5952 for IPv6; no /32 or /128 on a single address)."),
    CIDR_HOST_BITS("cidr-host-bits", Severity.ERROR, "The range has host bits set."),
    CIDR_ZERO_PREFIX("cidr-zero-prefix", Severity.ERROR, "A /0 range covers every address."),
    CIDR_PREFIX_INVALID("cidr-prefix-invalid", Severity.ERROR, "The prefix length is not a number in range."),
    CIDR_TOO_WIDE("cidr-too-wide", Severity.WARNING, "The range is wider than this list's configured minimum prefix length."),
    SPECIAL_PURPOSE("special-purpose-address", Severity.WARNING, "The address is in an IANA special-purpose range."),

    // Countries
    COUNTRY_UNKNOWN("country-unknown", Severity.ERROR, "The value is not an ISO 3166-1 alpha-2 country."),
    COUNTRY_NAME_MAPPED("country-name-mapped", Severity.INFO, "A country name or alias was mapped to its code."),
    COUNTRY_NOT_A_COUNTRY("country-not-a-country", Severity.ERROR, "The code is reserved, a pseudo-code or user-assigned."),
    COUNTRY_WITHDRAWN("country-withdrawn", Severity.ERROR,
            "The code was withdrawn from ISO 3166-1 (a country that split, merged or was renamed)."),

    // Domain names: FQDNs and e-mail domains (RFC 1035, 1123, 5890-5894, 6761)
    DOMAIN_TOO_LONG("domain-too-long", Severity.ERROR, "A domain name is at most 253 characters (in A-label form)."),
    DOMAIN_LABEL_EMPTY("domain-label-empty", Severity.ERROR, "A label is empty (a leading dot or two dots in a row)."),
    DOMAIN_LABEL_TOO_LONG("domain-label-too-long", Severity.ERROR, "A label is at most 63 characters (in A-label form)."),
    DOMAIN_LABEL_HYPHEN("domain-label-hyphen", Severity.ERROR, "A label neither starts nor ends with a hyphen."),
    DOMAIN_INVALID_CHARACTER("domain-invalid-character", Severity.ERROR,
            "A host name holds letters, digits and hyphens only (no underscore, space or punctuation)."),
    DOMAIN_SINGLE_LABEL("domain-single-label", Severity.ERROR, "A mail host's name has at least two labels."),
    DOMAIN_NUMERIC_TLD("domain-numeric-tld", Severity.ERROR, "The top-level label is all digits (an IP address?)."),
    DOMAIN_IDN_INVALID("domain-idn-invalid", Severity.ERROR,
            "An internationalised name is not valid under IDNA2008 (UTS #46, non-transitional)."),
    DOMAIN_IDN_CONVERTED("domain-idn-converted", Severity.INFO, "An internationalised name is stored as its A-labels."),
    DOMAIN_SPECIAL_USE("domain-special-use", Severity.ERROR,
            "The name is special-use (RFC 6761, 6762, 7686, 8375, 9476, RFC 2606 examples): never a real mail host."),
    DOMAIN_TRAILING_DOT("domain-trailing-dot", Severity.INFO, "The root's trailing dot is dropped."),

    // HELO/EHLO names (RFC 5321 4.1.1.1, 4.1.3)
    HELO_BARE_ADDRESS("helo-bare-address", Severity.ERROR, "An address in HELO/EHLO is written as a literal in brackets."),
    HELO_GENERAL_LITERAL("helo-general-literal", Severity.ERROR,
            "A general address literal ([tag:content]) is not an IPv4 or IPv6 address."),
    HELO_LITERAL_INVALID("helo-literal-invalid", Severity.ERROR, "The address literal is malformed."),
    HELO_LITERAL_LEADING_ZERO("helo-literal-leading-zero", Severity.ERROR,
            "An address literal has leading zeros; write it as MTAs do, in canonical form."),
    HELO_LITERAL_NOT_NOMINATED("helo-literal-not-nominated", Severity.WARNING,
            "The address literal is not the nominated IP."),

    // Contact e-mail addresses (RFC 5321 4.1.2, 4.5.3.1)
    EMAIL_MISSING_AT("email-missing-at", Severity.ERROR, "An e-mail address is local-part@domain."),
    EMAIL_LOCAL_PART_TOO_LONG("email-local-part-too-long", Severity.ERROR, "The local part is at most 64 octets."),
    EMAIL_TOO_LONG("email-too-long", Severity.ERROR, "The address is at most 254 octets (a path of 256 with brackets)."),
    EMAIL_LOCAL_PART_INVALID("email-local-part-invalid", Severity.ERROR,
            "The local part is not a dot-string of atoms (letters, digits and !#$%&'*+-/=?^_`{|}~)."),
    EMAIL_QUOTED_LOCAL_PART("email-quoted-local-part", Severity.WARNING,
            "A quoted local part is valid but many systems mishandle it (RFC 5321 says SHOULD NOT)."),
    EMAIL_NON_ASCII_LOCAL_PART("email-non-ascii-local-part", Severity.ERROR,
            "A non-ASCII local part needs SMTPUTF8; a contact address must work without it."),
    EMAIL_ADDRESS_LITERAL("email-address-literal", Severity.ERROR, "A contact address has a domain, not an address literal."),

    // Global Approved List nominations (import-mta, import-helo, gatelist nominate)
    COMPANY_TYPE_UNKNOWN("company-type-unknown", Severity.ERROR,
            "The type of company is not one of the fixed vocabulary (isp, esp, enterprise, government, education, "
                    + "non-profit, other)."),
    CONTACT_MISSING("contact-missing", Severity.ERROR,
            "A nomination needs a contact: the contact_email, contact_first_name and contact_last_name columns, or "
                    + "the --contact-... options of the import."),
    VALUE_TOO_LONG("value-too-long", Severity.ERROR, "The value is longer than the column allows.");

    private static final java.util.Map<String, Rule> BY_CODE = new java.util.HashMap<>();

    static {
        for (Rule r : values()) {
            BY_CODE.put(r.code, r);
        }
    }

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

    /** The rule with this code, or {@code null}. */
    public static Rule ofCode(String code) {
        return BY_CODE.get(code);
    }
}
