package io.gatelist.answer;

import io.gatelist.lookup.Decision;
import io.gatelist.lookup.Mode;

/**
 * The three DNSBL zones served under the configured zone, each named by one label.
 *
 * <p>{@code r} and {@code a} both evaluate in standard mode, so an address is listed in at most one of them
 * (apart from the RFC 5782 test entry) and an MTA that adds their weights reproduces the standard verdict.
 */
public enum SubZone {
    /** {@code r}: standard-mode lookups; lists addresses whose standard verdict is BLOCKED. */
    STANDARD("r", Mode.STANDARD, Decision.BLOCKED),
    /** {@code q}: dynamic-mode lookups (the Blocked lists are ignored); lists dynamic BLOCKED verdicts. */
    DYNAMIC("q", Mode.DYNAMIC, Decision.BLOCKED),
    /** {@code a}: the allow zone; lists addresses whose standard verdict is APPROVED. */
    ALLOW("a", Mode.STANDARD, Decision.APPROVED);

    private final String label;
    private final Mode mode;
    private final Decision listed;

    SubZone(String label, Mode mode, Decision listed) {
        this.label = label;
        this.mode = mode;
        this.listed = listed;
    }

    /** The label under the served zone: {@code r}, {@code q} or {@code a}. */
    public String label() {
        return label;
    }

    /** The evaluation mode. */
    public Mode mode() {
        return mode;
    }

    /** The decision that makes an address listed in this zone. */
    public Decision listedDecision() {
        return listed;
    }

    /** The sub-zone for a one-byte label (case-insensitive), or {@code null}: what a DNS query names. */
    public static SubZone ofLabel(int c) {
        return switch (c | 0x20) {
            case 'r' -> STANDARD;
            case 'q' -> DYNAMIC;
            case 'a' -> ALLOW;
            default -> null;
        };
    }
}
