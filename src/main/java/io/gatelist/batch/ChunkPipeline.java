package io.gatelist.batch;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The background stores of chunk writers, by import. At most one chunk of an import is in flight. A writer that
 * opens an import (a restart in this JVM, after a step failed while a chunk was still being stored) first waits
 * for that chunk, so that its truncation past the checkpoint cannot race a late commit.
 */
final class ChunkPipeline {

    private static final ExecutorService STORERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gatelist-chunk-store");
        t.setDaemon(true);
        return t;
    });
    private static final Map<Long, Future<?>> IN_FLIGHT = new ConcurrentHashMap<>();

    private ChunkPipeline() {
    }

    /** Starts storing a chunk of an import in the background. */
    static Future<?> submit(long importId, Runnable store) {
        Future<?> future = CompletableFuture.runAsync(store, STORERS);
        IN_FLIGHT.put(importId, future);
        return future;
    }

    /** Waits for the import's chunk in flight, if any, and rethrows its failure. */
    static void await(long importId) {
        Future<?> future = IN_FLIGHT.get(importId);
        if (future == null) {
            return;
        }
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a chunk of import " + importId + " was stored", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } finally {
            IN_FLIGHT.remove(importId, future);
        }
    }

    /** Waits for the import's chunk in flight, if any, ignoring how it ended (the caller starts over anyway). */
    static void settle(long importId) {
        try {
            await(importId);
        } catch (RuntimeException e) {
            // a failed chunk left nothing committed; the caller truncates past its checkpoint next
        }
    }
}
