package io.gatelist;

import java.nio.file.Path;

/** JDBC URLs by which a test reads the embedded H2 database of an appliance home that CLI processes use. */
public final class HomeDatabase {

    private HomeDatabase() {
    }

    /**
     * While a CLI process has the database open: joins that process's auto-server. IFEXISTS: the test must never
     * create the database (it would become H2's auto-server and close the file under the child whenever its own
     * connection closes).
     */
    public static String shared(Path home) {
        return file(home) + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE";
    }

    /**
     * Once every process that used the database has ended: the test reads it alone, without AUTO_SERVER's lock
     * file. H2's lock watchdog rewrites a lock file it finds missing (creating its directories again) and is not
     * joined when the database closes; JUnit once failed to delete a test's temporary folder because a file
     * appeared in it during the deletion, most likely that one.
     */
    public static String alone(Path home) {
        return file(home) + ";IFEXISTS=TRUE;FILE_LOCK=NO";
    }

    private static String file(Path home) {
        return "jdbc:h2:file:" + home.resolve("db").resolve("gatelist");
    }
}
