package io.gatelist.cli;

import io.gatelist.input.SampleCsv;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist sample-csv mta|helo|policy}: prints a ready-to-fill sample file. */
@Command(name = "sample-csv", mixinStandardHelpOptions = true,
        description = "Print a ready-to-fill sample CSV file: the header, what goes in each column and a commented "
                + "example row. Save it, fill it in, and import it (gatelist import --kind mta|helo|policy FILE).",
        footer = {"", "Example:", "  gatelist sample-csv mta > my-mtas.csv"})
final class SampleCsvCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "KIND", description = "mta, helo or policy.")
    String kind;

    @Override
    public Integer call() {
        String text = SampleCsv.text(kind);
        if (text == null) {
            spec.commandLine().getErr().println("gatelist: sample-csv KIND is mta, helo or policy, not \"" + kind
                    + "\"");
            return 2;
        }
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
