package io.gatelist.feed;

import java.util.Locale;

/**
 * The reputation database a feed belongs to, and so the step that its listings decide: the standard database
 * (the Known Spam Source side, a permanent reject) or the dynamic one (fast-moving, a temporary failure).
 */
public enum FeedDatabase {
    /** Step {@code reputation-standard}, evaluated in standard mode. */
    STANDARD,
    /** Step {@code reputation-dynamic}, evaluated in dynamic mode. */
    DYNAMIC;

    /** The lower-case name used on the command line and in the database ({@code standard}, {@code dynamic}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The id: how the command line and the database write the database. */
    @Override
    public String toString() {
        return id();
    }

    /** The database for {@code standard} or {@code dynamic} (any case). */
    public static FeedDatabase of(String id) {
        if (id != null) {
            for (FeedDatabase d : values()) {
                if (d.id().equalsIgnoreCase(id.strip())) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("a feed's database is standard or dynamic, not \"" + id + "\"");
    }
}
