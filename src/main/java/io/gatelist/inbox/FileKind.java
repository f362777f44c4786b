package io.gatelist.inbox;

import io.gatelist.feed.FeedFormat;
import io.gatelist.input.ImportKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells what a file is from its first bytes: a policy list, an MTA nomination list, a HELO/EHLO list, RIR
 * IP-to-country data or a reputation feed; or why it is none of them (empty, binary, unknown header). The file name
 * never decides.
 */
public final class FileKind {

    /**
     * What a file was found to be.
     *
     * @param kind   the kind; {@code null} when refused
     * @param reason why the file is refused, or {@code null}
     */
    public record Detection(ImportKind kind, String reason) {
        public boolean known() {
            return kind != null;
        }
    }

    /** The kinds this appliance knows, with the header that identifies each. */
    public static final List<String> DESCRIPTIONS = Arrays.stream(ImportKind.values())
            .map(k -> k.id() + ": " + k.toldBy()).toList();

    private static final int SNIFF_BYTES = 8192;
    private static final Pattern RIR_LINE = Pattern.compile(
            "^(\\d+(\\.\\d+)?\\|[a-z]+\\|.*|[a-z]+\\|([A-Za-z]{2})?\\*?\\|(ipv4|ipv6|asn|\\*)\\|.*)$");

    private FileKind() {
    }

    /** Looks at the first bytes of {@code file}. */
    public static Detection detect(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        if (head.length == 0) {
            return new Detection(null, "the file is empty (zero bytes)");
        }
        for (byte b : head) {
            if (b == 0) {
                return new Detection(null, "the file contains NUL bytes: it is binary, not a text list");
            }
        }
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Detection found = null;
        for (String line : text.split("\r\n|\r|\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            found = ofFirstLine(trimmed);
            break;
        }
        if (found != null && found.known()) {
            return found;
        }
        // Feeds are told last, by their own format rules (; comments, ! exclusions, bare addresses, value,reason).
        if (FeedFormat.detect(file) != null) {
            return new Detection(ImportKind.FEED, null);
        }
        return found != null ? found : new Detection(null, "the file holds only blank or comment lines");
    }

    private static Detection ofFirstLine(String line) {
        if (RIR_LINE.matcher(line).matches()) {
            return new Detection(ImportKind.GEO, null);
        }
        List<String> columns = Arrays.stream(line.split(",", -1))
                .map(c -> c.strip().replace("\"", "").toLowerCase(Locale.ROOT)).toList();
        if (columns.containsAll(List.of("list", "kind", "value"))) {
            return new Detection(ImportKind.POLICY, null);
        }
        if (columns.containsAll(List.of("ip", "fqdn", "email_domain"))) {
            return new Detection(ImportKind.MTA, null);
        }
        if (columns.contains("helo")) {
            return new Detection(ImportKind.HELO, null);
        }
        String shown = line.length() > 80 ? line.substring(0, 80) + "…" : line;
        return new Detection(null, "the first line \"" + shown + "\" matches no known kind; expected one of: "
                + String.join("; ", DESCRIPTIONS));
    }
}
