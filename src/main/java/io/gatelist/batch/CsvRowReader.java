package io.gatelist.batch;

import io.gatelist.finding.LocatedFinding;
import io.gatelist.input.CsvInput;
import io.gatelist.input.CsvLayout;
import io.gatelist.input.CsvRow;
import io.gatelist.input.FileScan;
import io.gatelist.input.ImportKind;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportStore;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an import's CSV file, header-driven, one record per item. The checkpoint is the number of records
 * consumed, so a restarted step (in this JVM or another) resumes exactly after the last committed chunk. The
 * file is the import's own copy; its size and hash are checked on every open (a restart never continues in a
 * file that changed under it) and again by the apply step once every row was read ({@link ClaimedFile}).
 *
 * <p>The reader shares a {@link CommitWatermark} through the step context: when the writer stores chunks in the
 * background, the reader's checkpoint is the last record committed, so that both restart at the same record.
 */
@Named("csvRowReader")
@Dependent
public class CsvRowReader extends AbstractItemReader {

    @Inject
    ApplianceContext appliance;

    @Inject
    @ImportId
    long id;

    @Inject
    @BatchProperty(name = "layout")
    String layoutName;

    @Inject
    StepContext stepContext;

    private CsvInput input;
    private boolean headerDone;
    /** Whether the header has an error, so that no row can be read: fixed once the file is open. */
    private boolean headerUnusable;
    private final CommitWatermark watermark = new CommitWatermark();
    /** The file is not the one claimed: nothing is read. */
    private boolean changed;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        CsvLayout layout = layoutName == null ? CsvLayout.POLICY : ImportKind.of(layoutName).layout();
        if (layout == null) {
            throw new IllegalArgumentException("unknown CSV layout \"" + layoutName + "\"");
        }
        ImportRun run = new ImportStore(appliance.database()).get(id);
        stepContext.setTransientUserData(watermark);
        if (ClaimedFile.change(run) != null) {
            changed = true; // nothing is read: the apply step refuses the import and says why
            return;
        }
        input = CsvInput.open(run.storedPath(), layout, limits());
        headerUnusable = input.headerUnusable();
        if (checkpoint != null) {
            input.skipTo((Integer) checkpoint);
            headerDone = true; // header findings were written before the first checkpoint
        }
    }

    @Override
    public Object readItem() {
        if (changed) {
            return null;
        }
        if (!headerDone) {
            headerDone = true;
            List<LocatedFinding> findings = new ArrayList<>(input.fileNotes());
            findings.addAll(input.headerFindings());
            if (!findings.isEmpty()) {
                return new CsvRow(0, 1, input.header(), null, findings);
            }
        }
        if (headerUnusable) {
            return null;
        }
        return input.next();
    }

    /** The caps of gatelist.properties: import.max-file-mb and import.max-line-length. */
    private FileScan.Limits limits() {
        int megabytes = appliance.home().intValue("import.max-file-mb",
                (int) (FileScan.Limits.DEFAULT.maxFileBytes() >> 20));
        int lineLength = appliance.home().intValue("import.max-line-length", FileScan.Limits.DEFAULT.maxLineChars());
        if (megabytes < 1 || lineLength < 80) {
            throw new IllegalArgumentException("gatelist.properties: import.max-file-mb must be at least 1 and "
                    + "import.max-line-length at least 80");
        }
        return new FileScan.Limits((long) megabytes << 20, lineLength);
    }

    @Override
    public Serializable checkpointInfo() {
        if (changed) {
            return null;
        }
        if (watermark.active()) {
            // Record numbers count the records consumed after the header, so the last committed record is also
            // the number of records to skip; nothing committed yet means starting over, header included.
            int committed = watermark.checkpoint();
            return committed < 0 ? null : committed;
        }
        return input.recordsConsumed();
    }

    @Override
    public void close() throws Exception {
        if (input != null) {
            input.close();
        }
    }
}
