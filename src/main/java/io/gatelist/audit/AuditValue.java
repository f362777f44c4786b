package io.gatelist.audit;

import io.gatelist.policy.IpPrefix;
import java.util.Objects;

/**
 * A value that a change added to or removed from a list.
 *
 * @param added  true when added, false when removed
 * @param list   the list: {@code approved}, {@code blocked}, or a feed or nomination's name
 * @param value  the value as stored (a canonical address, CIDR or country code)
 * @param prefix the address block, so that records can be found by address; {@code null} for a country
 */
public record AuditValue(boolean added, String list, String value, IpPrefix prefix) {

    public AuditValue {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(value, "value");
    }

    /** {@code +} or {@code -}, as stored. */
    public char change() {
        return added ? '+' : '-';
    }
}
