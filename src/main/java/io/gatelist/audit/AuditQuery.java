package io.gatelist.audit;

import io.gatelist.policy.IpPrefix;
import java.time.Instant;

/**
 * Which audit records to show; a {@code null} component selects everything.
 *
 * @param since   records made at or after this time
 * @param actor   records of this actor
 * @param value   records that added or removed an address block overlapping this one
 * @param country records that added or removed this country (an ISO code)
 */
public record AuditQuery(Instant since, String actor, IpPrefix value, String country) {

    /** Every record. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null);
    }
}
