package io.gatelist.batch;

import io.gatelist.finding.Finding;
import io.gatelist.finding.LocatedFinding;
import io.gatelist.geo.DelegatedFile;
import io.gatelist.geo.DelegatedRecordRules;
import io.gatelist.storage.GeoStore.StagedGeo;
import io.gatelist.storage.StagedRow;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates one delegated-statistics record and turns it into what the writer stores: a range, a rejected
 * record with its reason, or nothing for records that place no address (asn, available, reserved). Every
 * finding carries the record's line and the number of the field it is about.
 */
@Named("geoRecordProcessor")
@Dependent
public class GeoRecordProcessor implements ItemProcessor {

    @Override
    public Object processItem(Object item) {
        if (item instanceof DelegatedRecordReader.FileProblems problems) {
            return new StagedGeo(problems.staged(), null);
        }
        DelegatedFile.Line record = (DelegatedFile.Line) item;
        DelegatedRecordRules.Outcome outcome = DelegatedRecordRules.check(DelegatedRecordRules.split(record.text()));
        List<LocatedFinding> findings = new ArrayList<>(outcome.findings().size());
        for (Finding f : outcome.findings()) {
            findings.add(new LocatedFinding(record.lineNo(), DelegatedRecordRules.FIELDS.indexOf(f.column()) + 1, f));
        }
        if (outcome.rejected()) {
            return new StagedGeo(new StagedRow(record.recordNo(), record.lineNo(), null, findings, record.text(),
                    outcome.reason(), false), null);
        }
        if (outcome.ignored() && findings.isEmpty()) {
            return null; // nothing to store: JBeret filters the item, the checkpoint still moves past it
        }
        return new StagedGeo(new StagedRow(record.recordNo(), record.lineNo(), null, findings, null, null, false),
                outcome.range());
    }
}
