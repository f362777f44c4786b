package io.gatelist.policy;

import java.util.Locale;

/** The customer's two policy lists. */
public enum ListName {
    APPROVED,
    BLOCKED;

    /** The lower-case name used in CSV files, JSON and the database. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code approved} or {@code blocked}, case-insensitive; {@code null} for anything else. */
    public static ListName parse(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "approved" -> APPROVED;
            case "blocked" -> BLOCKED;
            default -> null;
        };
    }
}
