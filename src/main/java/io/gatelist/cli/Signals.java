package io.gatelist.cli;

/**
 * Installs handlers for process signals (SIGTERM, SIGINT) through {@code sun.misc.Signal} from the JDK's
 * {@code jdk.unsupported} module: the only way in Java 17 to act on a signal before the JVM starts its shutdown.
 */
final class Signals {

    private Signals() {
    }

    /**
     * Runs {@code action} on its own thread when one of the signals arrives.
     *
     * @return false when the platform does not allow handlers for these signals
     */
    static boolean handle(Runnable action, String... names) {
        try {
            for (String name : names) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    Thread t = new Thread(action, "gatelist-signal-" + name);
                    t.setDaemon(true);
                    t.start();
                });
            }
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return false;
        }
    }
}
