package io.gatelist.inbox;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One line per event, time-stamped, for a terminal or the system journal. */
public final class DaemonLog {

    private final PrintStream out;
    private final Clock clock;

    public DaemonLog(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public void info(String message) {
        out.println(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS) + " " + message);
        out.flush();
    }

    public void warn(String message) {
        info("WARNING " + message);
    }
}
