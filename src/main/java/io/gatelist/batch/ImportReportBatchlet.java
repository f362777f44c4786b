package io.gatelist.batch;

import io.gatelist.report.ImportReportWriter;
import io.gatelist.storage.FeedStore;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportStore;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Writes the import's reports (JSON, HTML, rejected rows) and refreshes the index of imports. */
@Named("importReport")
@Dependent
public class ImportReportBatchlet extends AbstractBatchlet {

    @Inject
    ApplianceContext appliance;

    @Inject
    @ImportId
    long id;

    @Override
    public String process() throws Exception {
        DiskReserve.check(appliance.home(), 0);
        new ImportReportWriter(new ImportStore(appliance.database()), new FindingStore(appliance.database()),
                new FeedStore(appliance.database()), appliance.home().reportsDir()).write(id);
        return "COMPLETED";
    }
}
