package io.gatelist.lookup;

/** The two lookup modes of the reputation service. */
public enum Mode {
    /** Standard reputation: Approved IP, Blocked IP, Approved country, Blocked country, then the global list. */
    STANDARD,
    /** Dynamic reputation: the Blocked lists are ignored; Approved IP, Approved country, then the global list. */
    DYNAMIC;

    /** The lower-case name used on the command line and in JSON ({@code standard}, {@code dynamic}). */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
