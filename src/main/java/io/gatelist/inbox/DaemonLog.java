package io.gatelist.inbox;

import io.gatelist.report.TerminalText;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One line per event, time-stamped, for a terminal or the system journal. A message is escaped here
 * ({@link TerminalText}), whatever it holds: file names and values from files cannot start a line that looks like
 * one the daemon wrote, nor send control sequences to the terminal that shows the log.
 */
public final class DaemonLog {

    private final PrintStream out;
    private final Clock clock;

    public DaemonLog(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public void info(String message) {
        out.println(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS) + " " + TerminalText.escape(message));
        out.flush();
    }

    public void warn(String message) {
        info("WARNING " + message);
    }
}
