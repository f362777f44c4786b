package io.gatelist.batch;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends the JVM when an {@link Error} (out of memory first) is thrown anywhere. After one, nothing that runs can be
 * trusted: an object half built, a lock never released, an H2 database that shut itself down, a JBeret execution
 * whose end was never recorded, which a caller then awaits for ever. Carrying on is what made an import that ran
 * out of memory hang for many minutes with nothing on standard error, and a daemon log "database has been closed"
 * every ten seconds and ignore SIGTERM. Instead the process writes one line to standard error and halts with
 * exit code {@value #EXIT_CODE}; what was running is left as {@code kill -9} leaves it, which every import
 * survives: it resumes with {@code gatelist resume}, or when the daemon (restarted by its supervisor) starts.
 *
 * <p>It halts rather than exits: shutdown hooks (the daemon's waits for its loop) could wait on what the error
 * broke. Code can only act on an Error once it is thrown, and a library that catches one (H2 does, inside its
 * store) may go on writing with what the error left half done; so the launcher also runs the JVM with
 * {@code -XX:+ExitOnOutOfMemoryError}, which ends it where the allocation failed, with the same exit code.
 */
public final class FatalErrors {

    /** The exit code after a fatal error: the JVM's own after {@code -XX:+ExitOnOutOfMemoryError}. */
    public static final int EXIT_CODE = 3;

    private static final AtomicBoolean HALTING = new AtomicBoolean();
    private static final int DEPTH = 32;

    private FatalErrors() {
    }

    /**
     * Makes an {@link Error} that no code catches, on any thread (the main thread included), end the JVM. Other
     * uncaught exceptions are printed as the JDK prints them. Idempotent.
     */
    public static void install() {
        Thread.setDefaultUncaughtExceptionHandler(FatalErrors::uncaught);
    }

    private static void uncaught(Thread thread, Throwable failure) {
        Error error = errorIn(failure);
        if (error != null) {
            halt(error, thread.getName());
        }
        // As the JDK's own last resort does (calling it from here would come back to this handler).
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        failure.printStackTrace(System.err);
    }

    /**
     * The handler for the threads that run JBeret's work. JBeret's runners catch everything a job throws, so what
     * escapes one is JBeret failing to record how an execution ended (its database gone, or an error while it
     * recorded): the execution would look running for ever and its caller would wait for ever.
     */
    static void batchThreadDied(Thread thread, Throwable failure) {
        halt(failure, thread.getName());
    }

    /** The first {@link Error} in {@code failure}'s cause chain, or {@code null}. */
    public static Error errorIn(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < DEPTH; t = t.getCause(), depth++) {
            if (t instanceof Error e) {
                return e;
            }
        }
        return null;
    }

    /** Writes one line and halts. Only the first caller writes; the others halt at once. */
    public static void halt(Throwable failure, String where) {
        if (HALTING.compareAndSet(false, true)) {
            try {
                System.err.println("gatelist: fatal: " + FailureText.describe(failure) + " (in " + where + "); "
                        + "stopping. An import it interrupted resumes with 'gatelist resume', or when the daemon "
                        + "starts again" + (errorIn(failure) instanceof OutOfMemoryError
                                ? "; give Java more heap with GATELIST_JAVA_OPTS=-Xmx..." : ""));
                System.err.flush();
            } catch (Throwable ignored) {
                // nothing more can be said: the exit code says it
            }
        }
        Runtime.getRuntime().halt(EXIT_CODE);
    }
}
