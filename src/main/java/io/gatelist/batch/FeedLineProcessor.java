package io.gatelist.batch;

import io.gatelist.feed.FeedFile;
import io.gatelist.feed.FeedLine;
import io.gatelist.feed.FeedRange;
import io.gatelist.feed.FeedValues;
import io.gatelist.finding.Finding;
import io.gatelist.finding.LocatedFinding;
import io.gatelist.finding.Severity;
import io.gatelist.policy.IpPrefix;
import io.gatelist.storage.FeedStore.StagedFeed;
import io.gatelist.storage.StagedRow;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates one feed line with the lists' strict address rules ({@link FeedValues}) and turns it into what the
 * writer stores: its range, or a rejected line with its reason. Every finding carries the line, the column, the
 * value and the reason, so a malformed line is located in the report and never stops the good ones.
 */
@Named("feedLineProcessor")
@Dependent
public class FeedLineProcessor implements ItemProcessor {

    @Override
    public Object processItem(Object item) {
        if (item instanceof DelegatedRecordReader.FileProblems problems) {
            return new StagedFeed(problems.staged(), null);
        }
        FeedFile.Item record = (FeedFile.Item) item;
        if (record.problem() != null) {
            return rejected(record, List.of(new LocatedFinding(record.lineNo(), record.column(), record.problem())),
                    record.problem().message());
        }
        FeedLine line = record.entry();
        FeedValues.Result result = FeedValues.check("value", line.value());
        List<LocatedFinding> findings = new ArrayList<>(result.findings().size());
        String reason = null;
        for (Finding f : result.findings()) {
            findings.add(new LocatedFinding(record.lineNo(), record.column(), f));
            if (reason == null && f.severity() == Severity.ERROR) {
                reason = f.message();
            }
        }
        if (result.prefixes().isEmpty() || reason != null) {
            return rejected(record, findings, reason == null ? "\"" + line.value() + "\" is not an address, CIDR "
                    + "range or first-last range" : reason);
        }
        IpPrefix first = result.prefixes().get(0);
        IpPrefix last = result.prefixes().get(result.prefixes().size() - 1);
        String value = result.prefixes().size() == 1 ? first.canonical()
                : address(first.family(), first.high(), first.low()) + "-"
                        + address(last.family(), last.endHigh(), last.endLow());
        FeedRange range = new FeedRange(first.family(), first.high(), first.low(), last.endHigh(), last.endLow(),
                line.excluded(), value, line.reason(), record.lineNo());
        return new StagedFeed(new StagedRow(record.recordNo(), record.lineNo(), null, findings, null, null, false),
                range);
    }

    private static String address(int family, long high, long low) {
        return (family == 4 ? IpPrefix.ipv4((int) low, 32) : IpPrefix.ipv6(high, low, 128)).canonical();
    }

    private static StagedFeed rejected(FeedFile.Item record, List<LocatedFinding> findings, String reason) {
        return new StagedFeed(new StagedRow(record.recordNo(), record.lineNo(), null, findings, record.text(),
                reason, false), null);
    }
}
