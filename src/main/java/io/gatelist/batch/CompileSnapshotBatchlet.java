package io.gatelist.batch;

import io.gatelist.snapshot.ShrinkGuard;
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
 * when error-level overlaps exist and {@code acceptOverlaps} is not true, or when the snapshot would hold far
 * fewer entries than the one it replaces ({@code publish.max-shrink-percent}) and {@code allowShrink} is not true.
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
    @BatchProperty(name = "allowShrink")
    String allowShrink;

    @Inject
    StepContext stepContext;

    @Override
    public String process() throws Exception {
        Path target = out == null || out.isBlank() ? appliance.home().currentSnapshot() : Path.of(out);
        ShrinkGuard shrink = new ShrinkGuard(Boolean.parseBoolean(allowShrink),
                appliance.home().intValue(ShrinkGuard.SETTING, ShrinkGuard.DEFAULT_MAX_SHRINK_PERCENT));
        SnapshotCompiler.Result r = new SnapshotCompiler(new EntryStore(appliance.database()), Clock.systemUTC())
                .compile(target, Boolean.parseBoolean(acceptOverlaps), shrink);
        stepContext.setPersistentUserData(new CompileOutcome(r.published(), target.toString(),
                r.info() == null ? 0 : r.info().revision(), r.info() == null ? null : r.info().checksumHex(),
                r.info() == null ? 0 : r.info().fileSize(), r.entries(), r.errorOverlaps(), List.copyOf(r.examples()),
                r.published() && r.errorOverlaps() > 0, r.millis(), r.shrinkRefusal()));
        return r.published() ? "PUBLISHED" : "REFUSED";
    }
}
