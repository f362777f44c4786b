package io.gatelist.lookup;

/**
 * The evaluation step that decided a verdict, in evaluation order.
 *
 * <p>The {@link #code()} values are part of the snapshot format: range values carry them in their top bits.
 */
public enum Step {
    /** No step matched. */
    NONE("none", Decision.NONE),
    /** The address is inside an Approved list entry. */
    APPROVED_IP("approved-ip", Decision.APPROVED),
    /** The address is inside a Blocked list entry (standard mode only). */
    BLOCKED_IP("blocked-ip", Decision.BLOCKED),
    /** The connecting server's country is in the Approved list. */
    APPROVED_COUNTRY("approved-country", Decision.APPROVED),
    /** The connecting server's country is in the Blocked list (standard mode only). */
    BLOCKED_COUNTRY("blocked-country", Decision.BLOCKED),
    /** The address is in the Global Approved List. */
    GLOBAL_APPROVED("global-approved", Decision.APPROVED),
    /** The address is listed by a standard reputation feed. */
    REPUTATION_STANDARD("reputation-standard", Decision.BLOCKED),
    /** The address is listed by a dynamic reputation feed. */
    REPUTATION_DYNAMIC("reputation-dynamic", Decision.BLOCKED);

    private static final Step[] BY_CODE = values();

    private final String id;
    private final Decision decision;

    Step(String id, Decision decision) {
        this.id = id;
        this.decision = decision;
    }

    /** The kebab-case name shown by the CLI and in JSON, e.g. {@code approved-ip}. */
    public String id() {
        return id;
    }

    /** The decision this step gives when it matches. */
    public Decision decision() {
        return decision;
    }

    /** The numeric code stored in snapshots and verdict codes. */
    public int code() {
        return ordinal();
    }

    /** The step for a numeric code. */
    public static Step ofCode(int code) {
        return BY_CODE[code];
    }
}
