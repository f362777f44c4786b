package io.gatelist.distribution;

import io.gatelist.net.TcpServer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Serves the published snapshot over HTTP/1.1, for lookup hosts that pull it ({@code gatelist sync-snapshot}).
 * {@code GET /snapshot} answers the bytes with a strong {@code ETag} (checksum and revision),
 * {@code X-Gatelist-Checksum} and {@code X-Gatelist-Revision}; a matching {@code If-None-Match} gets 304 Not
 * Modified. {@code GET /health} says which revision is served. Until a valid snapshot exists: 503.
 *
 * <p>It answers one request per connection, and its connections are a {@link TcpServer}'s: a request must arrive
 * whole within {@link #REQUEST_TIME}, and when {@link #MAX_CONNECTIONS} are open the one that has waited longest
 * for its request is closed to make room, so clients that open connections and send slowly (or nothing) cannot
 * keep others from being answered.
 */
public final class SnapshotServer implements AutoCloseable {

    /** Connections open at once. */
    static final int MAX_CONNECTIONS = 64;
    /** How long a client may take to send its whole request line and headers. */
    static final Duration REQUEST_TIME = Duration.ofSeconds(10);
    /** How long writing an answer may take, plus {@link #MIN_BYTES_PER_SECOND} for its body. */
    static final Duration ANSWER_TIME = Duration.ofSeconds(30);
    /** The slowest transfer of a snapshot that is waited for: a client reading slower is closed. */
    static final long MIN_BYTES_PER_SECOND = 64 * 1024;
    /** How long the client may take to close its side after the answer (as a connection waiting on its client). */
    static final Duration LINGER_TIME = Duration.ofSeconds(2);
    /** The most that is read and discarded after the answer. */
    static final long LINGER_BYTES = 64 * 1024;
    /** HTTP's date format (RFC 9110, 5.6.7): two-digit days, unlike {@link DateTimeFormatter#RFC_1123_DATE_TIME}. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.ROOT);

    private final TcpServer server;
    private final ScheduledExecutorService poller;

    private SnapshotServer(TcpServer server, ScheduledExecutorService poller) {
        this.server = server;
        this.poller = poller;
    }

    /**
     * Starts serving {@code file} on {@code address}, checking it for a new version every {@code pollMillis}. A
     * missing or invalid file is served as 503 until a valid one is published there.
     *
     * @param refusals hears about new files that failed validation (the previous version keeps being served)
     * @throws FileSystemException when something other than a regular file is at {@code file} (a directory, a
     *                             FIFO) or it cannot be read: a mistake in the path, not a file yet to be published
     * @throws IOException         when the address cannot be bound
     */
    public static SnapshotServer start(Path file, InetSocketAddress address, long pollMillis,
            Consumer<IOException> refusals) throws IOException {
        ServedSnapshot snapshot = new ServedSnapshot(file);
        IOException first = snapshot.refresh();
        if (first instanceof FileSystemException && !(first instanceof NoSuchFileException)) {
            throw first;
        }
        if (first != null) {
            refusals.accept(first);
        }
        TcpServer server = TcpServer.start(address, "gatelist-snapshot-http", MAX_CONNECTIONS,
                c -> serve(c, snapshot), new TcpServer.Events() {
                });
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatelist-snapshot-poll");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(() -> {
            IOException refused = snapshot.refresh();
            if (refused != null) {
                refusals.accept(refused);
            }
        }, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        return new SnapshotServer(server, poller);
    }

    /** The address actually bound (useful with port 0). */
    public InetSocketAddress address() {
        return server.address();
    }

    /** An answer: status, headers, and a body written unless the request was HEAD. */
    private record Response(int status, Map<String, String> headers, byte[] body) {
        static Response text(int status, String text) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "text/plain; charset=utf-8");
            return new Response(status, headers, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void serve(TcpServer.Connection connection, ServedSnapshot snapshot) throws IOException {
        connection.awaitClient(REQUEST_TIME);
        InputStream in = new BufferedInputStream(connection.input(), 2048);
        RequestHead request;
        Response response;
        try {
            request = RequestHead.read(in);
            if (request == null) {
                return;
            }
            response = switch (request.path()) {
                case "/snapshot" -> snapshot(request, snapshot.current());
                case "/health" -> health(request, snapshot.current());
                default -> Response.text(404, "not found: GET /snapshot or /health\n");
            };
        } catch (RequestHead.Malformed e) {
            request = null;
            response = Response.text(e.status, e.getMessage() + "\n");
        }
        boolean withBody = response.body() != null && (request == null || !request.method().equals("HEAD"));
        long bodyBytes = withBody ? response.body().length : 0;
        connection.answer(ANSWER_TIME.plusSeconds(bodyBytes / MIN_BYTES_PER_SECOND));
        write(connection, response, withBody);
        connection.awaitClient(LINGER_TIME);
        drain(in);
    }

    /**
     * Reads what the client still sends (a request body, the rest of a head too long to read) until it closes, at
     * most {@link #LINGER_BYTES}: closing a socket with unread input resets the connection, and the reset can
     * discard the answer before the client has read it.
     */
    private static void drain(InputStream in) throws IOException {
        byte[] discard = new byte[4096];
        long left = LINGER_BYTES;
        int n;
        while (left > 0 && (n = in.read(discard, 0, (int) Math.min(discard.length, left))) >= 0) {
            left -= n;
        }
    }

    private static Response snapshot(RequestHead request, ServedSnapshot.Version v) {
        Response refused = onlyGetAndHead(request);
        if (refused != null) {
            return refused;
        }
        if (v == null) {
            return Response.text(503, "no valid snapshot has been published yet\n");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", v.etag());
        headers.put("X-Gatelist-Checksum", v.info().checksumHex());
        headers.put("X-Gatelist-Revision", Long.toString(v.info().revision()));
        headers.put("Last-Modified", HTTP_DATE.format(v.info().created().atOffset(ZoneOffset.UTC)));
        headers.put("Cache-Control", "no-cache");
        String ifNoneMatch = request.header("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains(v.etag()) || ifNoneMatch.strip().equals("*"))) {
            return new Response(304, headers, null);
        }
        headers.put("Content-Type", "application/octet-stream");
        return new Response(200, headers, v.bytes());
    }

    private static Response health(RequestHead request, ServedSnapshot.Version v) {
        Response refused = onlyGetAndHead(request);
        if (refused != null) {
            return refused;
        }
        return v == null ? Response.text(503, "no snapshot\n")
                : Response.text(200, "ok revision " + v.info().revision() + " checksum " + v.info().checksumHex()
                        + "\n");
    }

    private static Response onlyGetAndHead(RequestHead request) {
        if (request.method().equals("GET") || request.method().equals("HEAD")) {
            return null;
        }
        Response r = Response.text(405, "GET or HEAD\n");
        r.headers().put("Allow", "GET, HEAD");
        return r;
    }

    private static void write(TcpServer.Connection connection, Response response, boolean withBody)
            throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(response.status()).append(' ').append(reason(response.status()))
                .append("\r\n");
        head.append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)))
                .append("\r\n");
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (response.body() != null) {
            head.append("Content-Length: ").append(response.body().length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        OutputStream out = new BufferedOutputStream(connection.output(), 8192);
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (withBody) {
            out.write(response.body());
        }
        out.flush();
        connection.socket().shutdownOutput();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            server.close();
        } catch (IOException e) {
            // stopping anyway
        }
    }
}
