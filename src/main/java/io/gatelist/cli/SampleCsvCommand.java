package io.gatelist.cli;

import io.gatelist.input.ImportKind;
import io.gatelist.input.SampleCsv;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist sample-csv mta|helo|policy}: prints a ready-to-fill sample file. */
@Command(name = "sample-csv", mixinStandardHelpOptions = true,
        description = "Print a ready-to-fill sample CSV file: the header, what goes in each column and a commented "
                + "example row. Save it, fill it in, and import it (gatelist import --kind mta|helo|policy FILE).",
        footer = {"", "Example:", "  gatelist sample-csv mta > my-mtas.csv"})
final class SampleCsvCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "KIND", converter = SampleKinds.class, completionCandidates = SampleKinds.class,
            description = "${COMPLETION-CANDIDATES}.")
    ImportKind kind;

    @Override
    public Integer call() {
        String text = SampleCsv.text(kind);
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * The kinds that have a sample (the CSV kinds, any case): the other kinds are refused as the command line
     * reads them, so that the error names only kinds this command takes.
     */
    static final class SampleKinds implements ITypeConverter<ImportKind>, Iterable<String> {
        @Override
        public ImportKind convert(String value) {
            for (ImportKind k : ImportKind.values()) {
                if (SampleCsv.FILES.containsKey(k) && k.id().equalsIgnoreCase(value)) {
                    return k;
                }
            }
            throw new TypeConversionException("expected one of " + String.join(", ", this) + " but was '" + value
                    + "'");
        }

        @Override
        public Iterator<String> iterator() {
            return java.util.Arrays.stream(ImportKind.values()).filter(SampleCsv.FILES::containsKey)
                    .map(ImportKind::id).iterator();
        }
    }
}
