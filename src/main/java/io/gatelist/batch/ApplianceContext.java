package io.gatelist.batch;

import io.gatelist.home.ApplianceHome;
import io.gatelist.storage.Database;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The appliance a batch runtime serves: its home and database. Batch artifacts inject it; the runtime sets it
 * once when its Weld container starts.
 */
@ApplicationScoped
public class ApplianceContext {

    private ApplianceHome home;
    private Database database;

    void init(ApplianceHome home, Database database) {
        this.home = home;
        this.database = database;
    }

    public ApplianceHome home() {
        return home;
    }

    public Database database() {
        return database;
    }
}
