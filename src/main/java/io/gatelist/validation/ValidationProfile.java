package io.gatelist.validation;

import io.gatelist.finding.Severity;

/**
 * What a list tolerates: the narrowest sensible range per family, and how much a special-purpose address
 * matters (a warning in a customer's own lists, an error in Global Approved List nominations).
 *
 * @param minPrefixIpv4          ranges wider than this (a smaller prefix length) draw a warning; 0 disables
 * @param minPrefixIpv6          the same for IPv6
 * @param specialPurposeSeverity the severity of a special-purpose address, or {@code null} to skip the check
 */
public record ValidationProfile(int minPrefixIpv4, int minPrefixIpv6, Severity specialPurposeSeverity) {

    /** Approved list default: an approved /8 is almost always a mistake. */
    public static final ValidationProfile APPROVED = new ValidationProfile(16, 32, Severity.WARNING);
    /** Blocked list default: blocklists legitimately hold wide ranges. */
    public static final ValidationProfile BLOCKED = new ValidationProfile(8, 19, Severity.WARNING);
    /** Global Approved List nominations: public unicast only. */
    public static final ValidationProfile NOMINATION = new ValidationProfile(24, 48, Severity.ERROR);
}
