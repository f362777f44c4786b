-- Gatelist schema, version 3: policy_entry laid out for the import write path. Portable SQL (H2 2.x, PostgreSQL 14+).
--
-- Version 1 gave policy_entry a composite primary key, a foreign-key index of its own and an index on
-- (import_id, list_name, kind, entry_value). On H2 every row then cost four B-tree insertions, one of them at
-- a random place (the value index), and the unique check of the composite key doubled the cost of the rest:
-- measured side by side, storing 1M rows took several times longer than H2's own CSVREAD bulk load.
--
-- Now the rows are a plain heap with one non-unique index on (import_id, record_no), which every access path
-- uses (an import's rows, the rows past a checkpoint, a chunk's record range) and which grows at its end while
-- an import is written. Record numbers stay unique per import by construction: the writer clears a chunk's
-- record range before writing it whenever that range may hold rows already (a restart), which the crash tests
-- check. The version diff that the value index served is a set operation (INTERSECT) that needs no index.

CREATE TABLE policy_entry_v3 (
    import_id   BIGINT      NOT NULL,
    record_no   INT         NOT NULL,
    line_no     INT         NOT NULL,
    list_name   VARCHAR(16) NOT NULL,
    kind        VARCHAR(16) NOT NULL,
    entry_value VARCHAR(64) NOT NULL,
    family      SMALLINT,
    addr_high   BIGINT,
    addr_low    BIGINT,
    prefix_len  SMALLINT,
    comment     VARCHAR(1000)
);

INSERT INTO policy_entry_v3 (import_id, record_no, line_no, list_name, kind, entry_value, family, addr_high,
        addr_low, prefix_len, comment)
    SELECT import_id, record_no, line_no, list_name, kind, entry_value, family, addr_high, addr_low, prefix_len,
        comment
    FROM policy_entry ORDER BY import_id, record_no;

DROP TABLE policy_entry;
ALTER TABLE policy_entry_v3 RENAME TO policy_entry;

CREATE INDEX policy_entry_record ON policy_entry (import_id, record_no);
-- Added after the index so that the constraint uses it instead of creating one more.
ALTER TABLE policy_entry ADD CONSTRAINT policy_entry_import FOREIGN KEY (import_id) REFERENCES import_run (id);
