package io.gatelist.audit;

import java.util.Arrays;
import java.util.Locale;

/**
 * What an audit record says happened: every kind of change to what a lookup answers, and to who may change it.
 * The ids are stored and hashed: never rename one, add new actions with new ids.
 */
public enum AuditAction {
    /** A list, feed or IP-to-country file became the live version of its source. */
    IMPORT_APPLIED("import.applied"),
    /** An entry was added by hand to an editable source. */
    ENTRY_ADDED("entry.added"),
    /** An entry of an editable source was changed (value, comment or expiry). */
    ENTRY_EDITED("entry.edited"),
    /** An entry was removed by hand from an editable source. */
    ENTRY_REMOVED("entry.removed"),
    /** An entry's expiry passed: it left the lists at the next compile. */
    ENTRY_EXPIRED("entry.expired"),
    /** A source imported from files was made editable entry by entry. */
    SOURCE_CONVERTED("source.converted"),
    /** A Global Approved List nomination (or some of its entries) changed state by a person's decision. */
    NOMINATION_DECIDED("nomination.decided"),
    /** A snapshot was published. */
    SNAPSHOT_PUBLISHED("snapshot.published"),
    /** A setting of the appliance changed. */
    SETTING_CHANGED("setting.changed"),
    /** A user or an API token was added, changed or removed. */
    USER_CHANGED("user.changed");

    private final String id;

    AuditAction(String id) {
        this.id = id;
    }

    /** The stored id, such as {@code entry.added}. */
    public String id() {
        return id;
    }

    /** The action stored as {@code id}. */
    public static AuditAction of(String id) {
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no audit action \"" + id + "\""));
    }
}
