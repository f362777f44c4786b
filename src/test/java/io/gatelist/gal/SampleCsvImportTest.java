package io.gatelist.gal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.TestAppliance;
import io.gatelist.batch.ImportService;
import io.gatelist.inbox.FileKind;
import io.gatelist.input.ImportKind;
import io.gatelist.input.SampleCsv;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ready-to-fill samples: samples/ holds exactly what {@code gatelist sample-csv} prints, each is recognised by
 * its header, imports cleanly as it is, and its example row, once uncommented, imports cleanly too.
 */
class SampleCsvImportTest {

    @TempDir
    Path dir;

    private static List<FindingStore.StoredFinding> problems(TestAppliance appliance, long importId) {
        List<FindingStore.StoredFinding> found = new ArrayList<>();
        new FindingStore(appliance.database).forEachFinding(importId, f -> {
            if (!f.severity().equals("INFO")) {
                found.add(f);
            }
        });
        return found;
    }

    /** The sample with the # of its example rows removed (the rows that start with "#" directly after a value). */
    private static String filledIn(String sample) {
        StringBuilder out = new StringBuilder();
        for (String line : sample.split("\n")) {
            boolean example = line.startsWith("#") && !line.startsWith("# ") && !line.startsWith("#  ");
            out.append(example ? line.substring(1) : line).append('\n');
        }
        return out.toString();
    }

    @Test
    void theSamplesAreWhatTheCommandPrintsAndImportCleanlyAsTheyAreAndFilledIn() throws Exception {
        try (TestAppliance appliance = TestAppliance.open(dir.resolve("home"))) {
            ImportService service = appliance.imports();
            // mta first: the helo sample's example row joins the open nomination of the same contact.
            for (ImportKind kind : List.of(ImportKind.POLICY, ImportKind.MTA, ImportKind.HELO)) {
                Path file = TestAppliance.samples().resolve(SampleCsv.FILES.get(kind));
                assertEquals(SampleCsv.text(kind), Files.readString(file), "samples/ is what sample-csv prints");
                assertEquals(kind, FileKind.detect(file).kind());

                ImportService.Outcome asIs = service.importFile(file, new ImportService.Options(kind + "-as-is", 10,
                        -1), kind, new Properties());
                assertEquals(ImportState.ACCEPTED, asIs.run().state(), kind + ": " + asIs.run().message());
                assertEquals(0, asIs.run().counts().read(), "every example row is a comment");
                assertEquals(List.of(), problems(appliance, asIs.run().id()));

                Path filled = Files.writeString(dir.resolve("filled-" + kind + ".csv"), filledIn(SampleCsv.text(kind)));
                ImportService.Outcome example = service.importFile(filled, new ImportService.Options(null, 10, -1),
                        kind, new Properties());
                assertEquals(ImportState.ACCEPTED, example.run().state(), kind + ": " + example.run().message());
                assertTrue(example.run().counts().accepted() >= 1, kind.id());
                assertEquals(0, example.run().counts().rejected(), kind.id());
                assertEquals(List.of(), problems(appliance, example.run().id()).stream()
                        .filter(f -> !f.message().startsWith("investigation: ")).toList(),
                        kind + ": the example row validates without a warning");
            }
            NominationStore store = new NominationStore(appliance.database);
            Nomination n = store.get(store.ids(null).get(0));
            assertEquals(List.of("mx1.example-sender.net"), n.helos().stream().map(Nomination.Helo::helo).distinct()
                    .toList());
            assertEquals(Map.of("postmaster@example-sender.net", 1), Map.of(n.contact().email(), n.mtas().size()));
        }
    }
}
