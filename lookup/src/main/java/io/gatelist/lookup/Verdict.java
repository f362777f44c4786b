package io.gatelist.lookup;

/**
 * A lookup's answer with its explanation.
 *
 * @param decision APPROVED, BLOCKED or NONE
 * @param step     the step that decided it
 * @param matched  the entry that matched, or {@code null} for {@link Step#NONE}
 * @param country  the country used by the country steps (given by the caller or found in the snapshot's
 *                 IP-to-country table), or {@code null} when unknown
 */
public record Verdict(Decision decision, Step step, MatchedEntry matched, String country) {
}
