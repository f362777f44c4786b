package io.gatelist.finding;

/**
 * One thing validation found about a value, a row or a file.
 *
 * @param rule     the rule, with its stable kebab-case code
 * @param severity error, warning or info (usually the rule's own; some rules depend on the list they judge)
 * @param column   the column (header name) concerned, or {@code null} for the row or file
 * @param value    the offending value as written, or {@code null}
 * @param message  a sentence a reviewer can act on
 */
public record Finding(Rule rule, Severity severity, String column, String value, String message) {

    /** A finding with the rule's default severity. */
    public static Finding of(Rule rule, String column, String value, String message) {
        return new Finding(rule, rule.severity(), column, value, message);
    }

    /** The rule's stable code, e.g. {@code ipv4-leading-zero}. */
    public String code() {
        return rule.code();
    }
}
