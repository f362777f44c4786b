package io.gatelist.audit;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A change to record, before it has a number and a hash.
 *
 * @param actor   who made it: a user, {@code inbox}, {@code schedule}, or a command line's {@code --by}
 * @param action  what happened
 * @param subject what it happened to, for people: {@code import 12}, {@code entry 34}, {@code snapshot 7}
 * @param reason  why, as the actor said it; {@code null} when none was given
 * @param detail  the facts of the change (a file's SHA-256 and counts, an entry before and after), written as a
 *                JSON object in the order given
 * @param values  the values added to or removed from lists
 */
public record AuditEvent(String actor, AuditAction action, String subject, String reason, Map<String, ?> detail,
        List<AuditValue> values) {

    public AuditEvent {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("an audit record names who made the change");
        }
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        detail = detail == null ? Map.of() : detail;
        values = values == null ? List.of() : List.copyOf(values);
    }
}
