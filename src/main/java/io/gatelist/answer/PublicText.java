package io.gatelist.answer;

import io.gatelist.lookup.Decision;
import io.gatelist.lookup.Step;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text a listing shows to the outside world: DNS TXT answers, the TXT values of the rbldnsd export and the
 * REJECT texts of the Postfix export. Any remote sender can read it, so it names no source file, line or entry (that
 * detail stays in {@code gatelist lookup} and the reports): it is a template, by default
 * {@value #DEFAULT_TEMPLATE}, followed by {@code ; see ${url}} when a URL is set. Placeholders, rbldnsd's {@code $}
 * rule and three of Gatelist's own:
 * <ul>
 * <li>{@code $}: the address asked about (a DNS answer), which rbldnsd substitutes itself in the rbldnsd export;
 * in the Postfix export, whose lines cover blocks, the block of the table line;</li>
 * <li>{@code $$}: a dollar sign;</li>
 * <li>{@code ${step}}: the step that decided, e.g. {@code blocked-ip};</li>
 * <li>{@code ${decision}}: {@code Blocked} or {@code Approved};</li>
 * <li>{@code ${url}}: the configured URL, written as given (its own {@code $} is the address too).</li>
 * </ul>
 * A template is checked when it is read, whatever it will be used for: printable characters only (no control or
 * format character, hence no CR or LF for Postfix; no {@code "} or {@code \}, which zone-file and table syntaxes
 * read specially), no placeholder other than those (rbldnsd reads {@code $0}–{@code $9} and {@code $=} as its own
 * variables), no leading {@code =} (rbldnsd strips it), and at most {@value #MAX_BYTES} bytes of UTF-8 when expanded
 * with the longest step and address: one TXT string holds 255 bytes, and rbldnsd keeps 254.
 */
public final class PublicText {

    /** The template when none is set. */
    public static final String DEFAULT_TEMPLATE = "${decision} by policy (${step})";

    /** What the default template is followed by when a URL is set. */
    public static final String URL_SUFFIX = "; see ${url}";

    /** The text of the RFC 5782 test entry (127.0.0.2), the same whatever the template. */
    public static final String TEST_ENTRY = "RFC 5782 test entry";

    /** The most bytes an expanded text may take: rbldnsd cuts TXT texts at 254 bytes. */
    public static final int MAX_BYTES = 254;

    /** The longest text {@code $} can stand for: an IPv6 block such as {@code ffff:…:fff0/124} (39 + 4). */
    static final int LONGEST_ADDRESS = 43;

    /** The settings and options that set the template and the URL, for messages. */
    public static final String TEMPLATE_SETTING = "public-text.template";
    public static final String URL_SETTING = "public-text.url";

    private enum Kind { LITERAL, ADDRESS, DOLLAR, STEP, DECISION }

    private record Part(Kind kind, String literal) {
    }

    private final String template;
    private final List<Part> parts;
    private final boolean forRbldnsd;

    private PublicText(String template, List<Part> parts, boolean forRbldnsd) {
        this.template = template;
        this.parts = parts;
        this.forRbldnsd = forRbldnsd;
    }

    /** The default text, without a URL. */
    public static PublicText defaults() {
        return of(null, null);
    }

    /**
     * A checked template.
     *
     * @param template the template, or {@code null} (or blank) for the default
     * @param url      the URL for {@code ${url}}, or {@code null} (or blank) for none
     * @throws IllegalArgumentException saying what is wrong with the template or the URL
     */
    public static PublicText of(String template, String url) {
        String u = url == null || url.isBlank() ? null : checkUrl(url.strip());
        String t = template == null || template.isBlank()
                ? DEFAULT_TEMPLATE + (u == null ? "" : URL_SUFFIX) : template.strip();
        if (t.contains("${url}")) {
            if (u == null) {
                throw new IllegalArgumentException("the template \"" + t + "\" uses ${url}, but no URL is set");
            }
            t = t.replace("${url}", u);
        }
        if (t.startsWith("=")) {
            throw new IllegalArgumentException("the template must not start with \"=\": rbldnsd reads it as a "
                    + "directive and drops it");
        }
        t.codePoints().forEach(c -> {
            if (!printable(c)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "the template holds U+%04X, which is "
                        + "not a printable character: a public text is printable text on one line", c));
            }
            if (c == '"' || c == '\\') {
                throw new IllegalArgumentException("the template holds " + (char) c + ", which zone files and "
                        + "Postfix tables read specially");
            }
        });
        PublicText text = new PublicText(t, parse(t), false);
        int bytes = 0;
        for (Step step : Step.values()) {
            bytes = Math.max(bytes, text.expand(step, "x".repeat(LONGEST_ADDRESS), false)
                    .getBytes(StandardCharsets.UTF_8).length);
        }
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("the template expands to up to " + bytes + " bytes (with the longest "
                    + "step and address); a TXT text holds " + MAX_BYTES);
        }
        return text;
    }

    private static String checkUrl(String url) {
        if (url.contains("${")) {
            throw new IllegalArgumentException("the URL \"" + url + "\" holds a placeholder other than $");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c >= 0x7F) {
                throw new IllegalArgumentException("the URL \"" + url + "\" holds a space, a control or a non-ASCII "
                        + "character (write a host name as its A-label, xn--…)");
            }
        }
        try {
            URI uri = new URI(url.replace("$$", "%24").replace("$", "0"));
            if (uri.getScheme() == null || uri.getHost() == null && uri.getSchemeSpecificPart().isEmpty()) {
                throw new URISyntaxException(url, "no scheme");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the URL \"" + url + "\" is not an absolute URL such as "
                    + "https://bl.example.org/lookup?ip=$");
        }
        return url;
    }

    private static boolean printable(int c) {
        if (Character.isISOControl(c)) {
            return false;
        }
        return switch (Character.getType(c)) {
            case Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE -> false;
            default -> true;
        };
    }

    private static List<Part> parse(String t) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c != '$') {
                literal.append(c);
                continue;
            }
            Kind kind;
            char next = i + 1 < t.length() ? t.charAt(i + 1) : 0;
            if (next == '$') {
                kind = Kind.DOLLAR;
                i++;
            } else if (next == '{') {
                int close = t.indexOf('}', i);
                String name = close < 0 ? t.substring(i) : t.substring(i, close + 1);
                kind = switch (name) {
                    case "${step}" -> Kind.STEP;
                    case "${decision}" -> Kind.DECISION;
                    default -> throw new IllegalArgumentException("the template holds " + name + "; its "
                            + "placeholders are $ (the address), $$, ${step}, ${decision} and ${url}");
                };
                i = close;
            } else if (next >= '0' && next <= '9' || next == '=') {
                throw new IllegalArgumentException("the template holds $" + next + ", which rbldnsd reads as its "
                        + "own variable; write $$ for a dollar sign");
            } else {
                kind = Kind.ADDRESS;
            }
            if (literal.length() > 0) {
                parts.add(new Part(Kind.LITERAL, literal.toString()));
                literal.setLength(0);
            }
            parts.add(new Part(kind, null));
        }
        if (literal.length() > 0) {
            parts.add(new Part(Kind.LITERAL, literal.toString()));
        }
        return List.copyOf(parts);
    }

    /** The same template, rendered for an rbldnsd data file: {@code $} and {@code $$} left for rbldnsd. */
    public PublicText forRbldnsd() {
        return new PublicText(template, parts, true);
    }

    /**
     * The text for a listing.
     *
     * @param step    the step that decided
     * @param address what {@code $} stands for: the address asked about, or the block of a table line (unused
     *                in the rbldnsd form)
     */
    public String render(Step step, String address) {
        return expand(step, address, forRbldnsd);
    }

    private String expand(Step step, String address, boolean rbldnsd) {
        StringBuilder out = new StringBuilder(template.length() + 48);
        for (Part p : parts) {
            switch (p.kind()) {
                case LITERAL -> out.append(p.literal());
                case ADDRESS -> out.append(rbldnsd ? "$" : address);
                case DOLLAR -> out.append(rbldnsd ? "$$" : "$");
                case STEP -> out.append(step.id());
                case DECISION -> out.append(step.decision() == Decision.APPROVED ? "Approved" : "Blocked");
            }
        }
        return out.toString();
    }

    /** The template as checked, with the URL in place. */
    public String template() {
        return template;
    }

    @Override
    public String toString() {
        return template;
    }
}
