package io.gatelist.batch;

import io.gatelist.finding.LocatedFinding;
import io.gatelist.geo.DelegatedFile;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportStore;
import io.gatelist.storage.StagedRow;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/**
 * Reads an import's RIR delegated statistics file, one record per item. Before the first record it checks the
 * file as a whole ({@link DelegatedFile#check}) and, when something holds the file, hands those findings on as a
 * {@link FileProblems} item. The checkpoint is the number of records consumed, so a restarted step (in this JVM
 * or another) resumes exactly after the last committed chunk; the file is the import's own copy, its size and hash
 * checked on every open and again by the apply step ({@link ClaimedFile}).
 */
@Named("delegatedRecordReader")
@Dependent
public class DelegatedRecordReader extends AbstractItemReader {

    /** Findings about the whole file, read before its records. */
    public record FileProblems(List<LocatedFinding> findings) {

        /** The findings as the writer stores them: one row about the file as a whole, at the first one's line. */
        StagedRow staged() {
            int line = findings.isEmpty() ? 0 : findings.get(0).line();
            return new StagedRow(0, line, null, findings, null, null, true);
        }
    }

    @Inject
    ApplianceContext appliance;

    @Inject
    @ImportId
    long id;

    private DelegatedFile input;
    private List<LocatedFinding> fileFindings;
    /** The file is not the one claimed: nothing is read (the apply step refuses the import). */
    private boolean changed;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        ImportRun run = new ImportStore(appliance.database()).get(id);
        if (ClaimedFile.change(run) != null) {
            changed = true; // nothing is read: the apply step refuses the import and says why
            return;
        }
        input = DelegatedFile.open(run.storedPath());
        if (checkpoint == null) {
            fileFindings = DelegatedFile.check(run.storedPath());
        } else {
            input.skipTo((Integer) checkpoint); // file findings were written before the first checkpoint
        }
    }

    @Override
    public Object readItem() throws Exception {
        if (changed) {
            return null;
        }
        if (fileFindings != null && !fileFindings.isEmpty()) {
            FileProblems problems = new FileProblems(fileFindings);
            fileFindings = null;
            return problems;
        }
        return input.next();
    }

    @Override
    public Serializable checkpointInfo() {
        return input == null ? null : input.recordsConsumed();
    }

    @Override
    public void close() throws Exception {
        if (input != null) {
            input.close();
        }
    }
}
