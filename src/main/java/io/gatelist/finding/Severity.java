package io.gatelist.finding;

import java.util.Locale;

/** How much a finding matters: an error rejects the row, a warning or info is reported and the row is kept. */
public enum Severity {
    ERROR,
    WARNING,
    INFO;

    /** The lower-case name used in reports and JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
