package io.gatelist.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request line and headers of an HTTP/1.x request (RFC 9112), read and checked within a size limit: all that
 * {@link SnapshotServer} needs, since it answers GET and HEAD only and reads no body.
 *
 * @param method  the method, as sent (methods are case-sensitive)
 * @param path    the target's path, without its query
 * @param headers header values by lower-case name; repeated headers are joined with ", "
 */
record RequestHead(String method, String path, Map<String, String> headers) {

    /** The largest request head read; a longer one is answered 431. */
    static final int MAX_BYTES = 8192;

    /** A request that cannot be served, with the status that says why. */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        Malformed(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** A header's value, or {@code null}. */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Reads up to the blank line that ends the head.
     *
     * @return {@code null} when the client closed the connection before sending anything
     * @throws Malformed when the head is too long or not HTTP/1.x
     */
    static RequestHead read(InputStream in) throws IOException {
        byte[] head = new byte[MAX_BYTES];
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (length == 0) {
                    return null;
                }
                throw new java.io.EOFException("the client closed the connection in the middle of a request");
            }
            if (length == 0 && (b == '\r' || b == '\n')) {
                continue; // empty lines before the request line are ignored (RFC 9112, 2.2)
            }
            if (length == MAX_BYTES) {
                throw new Malformed(431, "request head longer than " + MAX_BYTES + " bytes");
            }
            head[length++] = (byte) b;
            if (b == '\n' && (endsWith(head, length, "\n\n") || endsWith(head, length, "\n\r\n"))) {
                return parse(new String(head, 0, length, StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static boolean endsWith(byte[] head, int length, String end) {
        if (length < end.length()) {
            return false;
        }
        for (int i = 0; i < end.length(); i++) {
            if (head[length - end.length() + i] != end.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static RequestHead parse(String text) throws Malformed {
        String[] lines = text.split("\r?\n");
        String[] request = lines[0].split(" ", -1);
        if (request.length != 3 || request[0].isEmpty() || request[1].isEmpty()
                || !request[2].matches("HTTP/1\\.[0-9]")) {
            throw new Malformed(400, "not an HTTP/1.x request line");
        }
        String target = request[1];
        if (target.startsWith("http://") || target.startsWith("https://")) { // absolute form (RFC 9112, 3.2.2)
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        if (!target.startsWith("/")) {
            throw new Malformed(400, "the request target is not a path");
        }
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || line.substring(0, colon).matches(".*\\s.*")) { // no folding, no space before ':'
                throw new Malformed(400, "malformed header line");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        return new RequestHead(request[0], path, headers);
    }
}
