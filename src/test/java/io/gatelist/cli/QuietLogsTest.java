package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.TestAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the commands log means something. Run with {@code --verbose} (everything the runtime logs, warnings
 * included), a new home's commands warn of nothing; and H2's trace file, where H2 writes every error it meets,
 * holds after the first start nothing but JBeret's one probe for its tables, and gains nothing from later runs.
 */
class QuietLogsTest {

    @TempDir
    Path dir;

    @Test
    void commandsInANewHomeLogNoWarning() throws Exception {
        Path home = dir.resolve("home");
        String approved = TestAppliance.samples().resolve("approved.csv").toString();
        for (String[] command : List.of(new String[] {"import", approved}, new String[] {"imports"},
                new String[] {"compile"})) {
            CliProcess.Result result = run(home, "--verbose", command);
            assertEquals(0, result.exit(), result.err());
            List<String> warnings = result.err().lines().filter(l -> l.startsWith("gatelist: warning")).toList();
            assertEquals(List.of(), warnings, "gatelist --verbose " + String.join(" ", command));
        }
    }

    @Test
    void normalRunsLeaveNoEntryInH2sTraceFile() throws Exception {
        Path home = dir.resolve("home");
        Path trace = home.resolve("db").resolve("gatelist.trace.db");
        String approved = TestAppliance.samples().resolve("approved.csv").toString();
        CliProcess.Result first = run(home, null, "import", approved);
        assertEquals(0, first.exit(), first.err());
        String afterFirst = Files.exists(trace) ? Files.readString(trace) : "";
        for (String entry : afterFirst.split("(?m)^(?=\\d{4}-\\d\\d-\\d\\d )")) {
            assertTrue(entry.isEmpty() || entry.contains("PARTITION_EXECUTION"),
                    "a new home's trace holds only JBeret's probe for its tables (found on the first start): "
                            + entry);
        }

        for (String[] command : List.of(new String[] {"imports"}, new String[] {"compile"},
                new String[] {"import", approved})) {
            CliProcess.Result result = run(home, null, command);
            assertEquals(0, result.exit(), result.err());
        }
        assertEquals(afterFirst, Files.exists(trace) ? Files.readString(trace) : "",
                "later runs wrote into H2's trace file");
    }

    private CliProcess.Result run(Path home, String option, String... command) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--home", home.toString()));
        if (option != null) {
            args.add(option);
        }
        args.addAll(Arrays.asList(command));
        return CliProcess.run(dir, null, args.toArray(String[]::new));
    }
}
