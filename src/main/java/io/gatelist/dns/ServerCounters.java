package io.gatelist.dns;

import java.util.concurrent.atomic.LongAdder;

/** What the listeners did, for the summary printed at shutdown. Contention-free under many threads. */
final class ServerCounters {
    /** Datagrams received. */
    final LongAdder udpQueries = new LongAdder();
    /** Messages received over TCP. */
    final LongAdder tcpQueries = new LongAdder();
    /** Messages left unanswered on purpose: fragments and messages that are themselves responses. */
    final LongAdder dropped = new LongAdder();
    /** Socket errors and failures to answer. */
    final LongAdder errors = new LongAdder();
    /** TCP connections refused because every open one was busy answering. */
    final LongAdder tcpRefused = new LongAdder();
    /** Idle TCP connections closed to make room for new ones. */
    final LongAdder tcpEvicted = new LongAdder();
    /** TCP connections closed because a query or answer took longer than its deadline. */
    final LongAdder tcpExpired = new LongAdder();

    @Override
    public String toString() {
        return udpQueries.sum() + " UDP and " + tcpQueries.sum() + " TCP queries, " + dropped.sum()
                + " left unanswered, " + errors.sum() + " errors, " + tcpRefused.sum() + " TCP connections refused, "
                + tcpEvicted.sum() + " closed to make room, " + tcpExpired.sum() + " closed at their deadline";
    }
}
