-- Gatelist schema, version 11: policy_entry stored in the order of one BIGINT key. Portable SQL (H2 2.x, PostgreSQL 14+).
--
-- Version 3 left every row two B-tree insertions (H2's hidden row id and the (import_id, record_no) index) plus
-- a look-up in import_run for the foreign key. Measured on H2 2.3.232 with 1M rows in 5000-row transactions:
-- 12.8 s with that layout, 9.9 s without the foreign key, 5.5 s with the key below and nothing else, which is
-- about the cost of a bare heap (4.8 s). H2 uses a single BIGINT primary key as the row id itself, so the key is
-- the table's only B-tree, and it grows at its end while an import is written.
--
-- entry_key = import_id * 2^32 + record_no (record numbers are non-negative ints): one import's rows are one key
-- range in file order, which serves every access path (an import's rows, the rows past a checkpoint, a chunk's
-- record range, the join from policy_source), and the key makes (import, record) unique again.
-- import_id and record_no stay as plain columns for readers that ask for them.
--
-- The foreign key to import_run is dropped: rows are only written by an import's own job, which claimed the
-- import_run row first, and no import_run row is ever deleted while its entries exist.

CREATE TABLE policy_entry_v11 (
    entry_key   BIGINT      NOT NULL PRIMARY KEY,
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

INSERT INTO policy_entry_v11 (entry_key, import_id, record_no, line_no, list_name, kind, entry_value, family,
        addr_high, addr_low, prefix_len, comment)
    SELECT import_id * 4294967296 + record_no, import_id, record_no, line_no, list_name, kind, entry_value, family,
        addr_high, addr_low, prefix_len, comment
    FROM policy_entry ORDER BY import_id, record_no;

DROP TABLE policy_entry;
ALTER TABLE policy_entry_v11 RENAME TO policy_entry;
