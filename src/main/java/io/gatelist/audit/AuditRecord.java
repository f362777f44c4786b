package io.gatelist.audit;

import java.time.Instant;

/**
 * A recorded change, as stored.
 *
 * @param seq        its number: 1, 2, 3, ... without gaps
 * @param at         when it was recorded
 * @param actor      who made the change
 * @param action     the action's id (see {@link AuditAction})
 * @param subject    what it happened to
 * @param reason     why, or {@code null}
 * @param detail     a JSON object
 * @param valueCount how many values it added or removed
 * @param hash       this record's hash, which the next record's {@code previousHash} repeats
 */
public record AuditRecord(long seq, Instant at, String actor, String action, String subject, String reason,
        String detail, int valueCount, String hash) {
}
