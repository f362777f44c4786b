package io.gatelist.inbox;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.gatelist.storage.ScheduleStore;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cron schedules (Unix syntax, parsed by cron-utils) whose last run is kept in the database. A schedule is due
 * when its most recent scheduled time is after its last run; so a daemon that was down across several scheduled
 * times runs the task once when it starts, not once per missed time. A schedule seen for the first time counts
 * as run now. A run is claimed in the database before it starts, so nodes sharing the database run it once.
 */
final class Schedules {

    /** A task run on a schedule. */
    interface Task {
        void run() throws Exception;
    }

    /** One configured schedule. */
    record Schedule(String name, String expression, ExecutionTime times, Task task) {
    }

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final List<Schedule> schedules = new ArrayList<>();
    private final ScheduleStore store;
    private final DaemonLog log;

    Schedules(ScheduleStore store, DaemonLog log) {
        this.store = store;
        this.log = log;
    }

    /**
     * Adds a schedule.
     *
     * @throws IllegalArgumentException when the expression is not a valid Unix cron expression
     */
    void add(String name, String expression, Task task) {
        ExecutionTime times;
        try {
            times = ExecutionTime.forCron(PARSER.parse(expression.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule." + name + ".cron: \"" + expression
                    + "\" is not a Unix cron expression (minute hour day-of-month month day-of-week): " + e.getMessage());
        }
        schedules.add(new Schedule(name, expression.strip(), times, task));
    }

    /** Runs every due schedule once; returns how many ran. */
    int runDue(ZonedDateTime now) {
        int ran = 0;
        for (Schedule s : schedules) {
            OffsetDateTime last = store.lastRun(s.name());
            if (last == null) {
                store.claimRun(s.name(), null, now.toOffsetDateTime());
                continue;
            }
            Optional<ZonedDateTime> latest = s.times().lastExecution(now);
            // Claimed before it runs: of several nodes sharing the database, one runs each due time.
            if (latest.isPresent() && latest.get().toInstant().isAfter(last.toInstant())
                    && store.claimRun(s.name(), last, now.toOffsetDateTime())) {
                log.info("schedule " + s.name() + " (" + s.expression() + ") due since " + latest.get().toInstant());
                try {
                    s.task().run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ran;
                } catch (Exception e) {
                    log.warn("schedule " + s.name() + " failed: " + e);
                }
                ran++;
            }
        }
        return ran;
    }

    /** Milliseconds until the next scheduled time of any schedule, or -1 when there are none. */
    long millisUntilNext(ZonedDateTime now) {
        long best = -1;
        for (Schedule s : schedules) {
            Optional<java.time.Duration> next = s.times().timeToNextExecution(now);
            if (next.isPresent() && (best < 0 || next.get().toMillis() < best)) {
                best = next.get().toMillis();
            }
        }
        return best;
    }
}
