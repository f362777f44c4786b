package io.gatelist.policy;

import java.util.Locale;

/** What a policy entry matches: an address range or a country. */
public enum EntryKind {
    IP,
    COUNTRY;

    /** The lower-case name used in CSV files, JSON and the database. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code ip} or {@code country}, case-insensitive; {@code null} for anything else. */
    public static EntryKind parse(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "ip" -> IP;
            case "country" -> COUNTRY;
            default -> null;
        };
    }
}
