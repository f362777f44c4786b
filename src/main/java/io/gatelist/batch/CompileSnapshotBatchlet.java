package io.gatelist.batch;

import io.gatelist.snapshot.SnapshotCompiler;
import io.gatelist.storage.EntryStore;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Compiles the live lists into a snapshot file. Ends with exit status {@code PUBLISHED}, or {@code REFUSED}
 * when error-level overlaps exist and {@code acceptOverlaps} is not true.
 */
@Named("compileSnapshot")
@Dependent
public class CompileSnapshotBatchlet extends AbstractBatchlet {

    @Inject
    ApplianceContext appliance;

    @Inject
    @BatchProperty(name = "out")
    String out;

    @Inject
    @BatchProperty(name = "acceptOverlaps")
    String acceptOverlaps;

    @Inject
    StepContext stepContext;

    @Override
    public String process() throws Exception {
        Path target = out == null || out.isBlank() ? appliance.home().currentSnapshot() : Path.of(out);
        SnapshotCompiler.Result r = new SnapshotCompiler(new EntryStore(appliance.database()), Clock.systemUTC())
                .compile(target, Boolean.parseBoolean(acceptOverlaps));
        stepContext.setPersistentUserData(new CompileOutcome(r.published(), target.toString(),
                r.info() == null ? 0 : r.info().revision(), r.info() == null ? null : r.info().checksumHex(),
                r.info() == null ? 0 : r.info().fileSize(), r.entries(), r.errorOverlaps(), List.copyOf(r.examples()),
                r.published() && r.errorOverlaps() > 0, r.millis()));
        return r.published() ? "PUBLISHED" : "REFUSED";
    }
}
