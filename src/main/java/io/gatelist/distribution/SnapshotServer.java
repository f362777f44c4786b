package io.gatelist.distribution;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Serves the published snapshot over HTTP with the JDK's built-in server, for lookup hosts that pull it
 * ({@code gatelist sync-snapshot}). {@code GET /snapshot} answers the bytes with a strong {@code ETag} (checksum and
 * revision), {@code X-Gatelist-Checksum} and {@code X-Gatelist-Revision}; a matching {@code If-None-Match} gets
 * 304 Not Modified. {@code GET /health} says which revision is served. Until a valid snapshot exists: 503.
 */
public final class SnapshotServer implements AutoCloseable {

    private final HttpServer server;
    private final ServedSnapshot snapshot;
    private final ScheduledExecutorService poller;

    private SnapshotServer(HttpServer server, ServedSnapshot snapshot, ScheduledExecutorService poller) {
        this.server = server;
        this.snapshot = snapshot;
        this.poller = poller;
    }

    /**
     * Starts serving {@code file} on {@code address}, checking it for a new version every {@code pollMillis}.
     *
     * @param refusals hears about new files that failed validation (the previous version keeps being served)
     */
    public static SnapshotServer start(Path file, InetSocketAddress address, long pollMillis,
            Consumer<IOException> refusals) throws IOException {
        ServedSnapshot snapshot = new ServedSnapshot(file);
        IOException first = snapshot.refresh();
        if (first != null) {
            refusals.accept(first);
        }
        HttpServer server = HttpServer.create(address, 64);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "gatelist-snapshot-http");
            t.setDaemon(true);
            return t;
        }));
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatelist-snapshot-poll");
            t.setDaemon(true);
            return t;
        });
        SnapshotServer s = new SnapshotServer(server, snapshot, poller);
        server.createContext("/snapshot", s::snapshot);
        server.createContext("/health", s::health);
        poller.scheduleWithFixedDelay(() -> {
            IOException refused = snapshot.refresh();
            if (refused != null) {
                refusals.accept(refused);
            }
        }, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        server.start();
        return s;
    }

    /** The address actually bound (useful with port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void snapshot(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            ServedSnapshot.Version v = snapshot.current();
            if (v == null) {
                text(exchange, 503, "no valid snapshot has been published yet\n");
                return;
            }
            var headers = exchange.getResponseHeaders();
            headers.set("ETag", v.etag());
            headers.set("X-Gatelist-Checksum", v.info().checksumHex());
            headers.set("X-Gatelist-Revision", Long.toString(v.info().revision()));
            headers.set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    v.info().created().atOffset(ZoneOffset.UTC)));
            headers.set("Cache-Control", "no-cache");
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            if (ifNoneMatch != null && (ifNoneMatch.contains(v.etag()) || ifNoneMatch.strip().equals("*"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            headers.set("Content-Type", "application/octet-stream");
            if (method.equals("HEAD")) {
                headers.set("Content-Length", Integer.toString(v.bytes().length));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, v.bytes().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(v.bytes());
            }
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            ServedSnapshot.Version v = snapshot.current();
            if (v == null) {
                text(exchange, 503, "no snapshot\n");
            } else {
                text(exchange, 200, "ok revision " + v.info().revision() + " checksum " + v.info().checksumHex()
                        + "\n");
            }
        }
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        server.stop(1);
    }
}
