package io.gatelist.storage;

/** Which files of the pull folder were already copied into the inbox, by name, size and modification time. */
public final class PullStore {

    private final Database db;

    public PullStore(Database db) {
        this.db = db;
    }

    /** True when a file with this name, size and modification time was pulled before. */
    public boolean pulled(String name, long size, long modifiedMillis) {
        return db.withConnection(c -> Jdbc.queryLong(c, "SELECT COUNT(*) FROM pulled_file WHERE name = ? AND "
                + "size_bytes = ? AND modified_ms = ?", name, size, modifiedMillis)) > 0;
    }

    /** Records a pull (one row per name). */
    public void record(String name, long size, long modifiedMillis) {
        db.inTransaction(c -> {
            if (Jdbc.update(c, "UPDATE pulled_file SET size_bytes = ?, modified_ms = ?, pulled_at = ? WHERE name = ?",
                    size, modifiedMillis, ImportStore.now(), name) == 0) {
                Jdbc.update(c, "INSERT INTO pulled_file (name, size_bytes, modified_ms, pulled_at) VALUES (?, ?, ?, ?)",
                        name, size, modifiedMillis, ImportStore.now());
            }
            return null;
        });
    }
}
