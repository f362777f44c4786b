package io.gatelist.batch;

import io.gatelist.feed.FeedFile;
import io.gatelist.feed.FeedFormat;
import io.gatelist.finding.Finding;
import io.gatelist.finding.LocatedFinding;
import io.gatelist.finding.Rule;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportStore;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/**
 * Streams an import's feed file, one record (a line that names a value) per item, in the format its first
 * meaningful line shows ({@link FeedFormat#detect}). A problem with the file as a whole (no known format, not
 * UTF-8, a CSV feed without its header) is handed on as a {@link DelegatedRecordReader.FileProblems} item, which
 * holds the file. The checkpoint is the number of records consumed; the file is the import's own copy, its size and hash
 * checked on every open, so a restart never continues in a file that changed, and again by the apply step.
 */
@Named("feedLineReader")
@Dependent
public class FeedLineReader extends AbstractItemReader {

    @Inject
    ApplianceContext appliance;

    @Inject
    @ImportId
    long id;

    private FeedFile input;
    private LocatedFinding unreadable;
    /** The file is not the one claimed: nothing is read (the apply step refuses the import). */
    private boolean changed;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        ImportRun run = new ImportStore(appliance.database()).get(id);
        if (ClaimedFile.change(run) != null) {
            changed = true; // nothing is read: the apply step refuses the import and says why
            return;
        }
        FeedFormat format = FeedFormat.detect(run.storedPath());
        if (format == null) {
            unreadable = new LocatedFinding(0, 0, Finding.of(Rule.FEED_LINE_MALFORMED, null, null, "the file is "
                    + "no feed: expected addresses or CIDR ranges a line (plain, DROP, rbldnsd), JSON lines with "
                    + "\"cidr\", or CSV with the header value,reason"));
            return;
        }
        input = FeedFile.open(run.storedPath(), format);
        if (checkpoint != null) {
            input.skipTo((Integer) checkpoint);
        }
    }

    @Override
    public Object readItem() throws Exception {
        if (changed) {
            return null;
        }
        if (unreadable != null) {
            LocatedFinding f = unreadable;
            unreadable = null;
            return new DelegatedRecordReader.FileProblems(java.util.List.of(f));
        }
        if (input == null) {
            return null;
        }
        FeedFile.Item item = input.next();
        if (item != null) {
            return item;
        }
        LocatedFinding problem = input.takeFileProblem();
        return problem == null ? null : new DelegatedRecordReader.FileProblems(java.util.List.of(problem));
    }

    @Override
    public Serializable checkpointInfo() {
        return input == null ? 0 : input.recordsConsumed();
    }

    @Override
    public void close() throws Exception {
        if (input != null) {
            input.close();
        }
    }
}
