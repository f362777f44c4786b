-- Gatelist schema, version 13: accepted policy entries stored packed, one row per chunk of an import, instead of
-- one policy_entry row per entry. Portable SQL (H2 2.x accepts BYTEA as a name of BINARY VARYING; PostgreSQL's own
-- binary type).
--
-- Why: issue #3 asks for a 1M-row policy file validated and stored at 3x the rows per second of H2's CSVREAD of the
-- same file. Measured on H2 2.3.232, 1M rows in 5,000-row transactions: one row per entry costs at least 4.8 s even
-- as a bare heap (5.5 s with V11's single BIGINT key), which is about CSVREAD's own time for the whole file (5-9 s
-- warm), so no row-per-entry layout can reach 3x; one binary record per 5,000-row chunk costs 0.57 s.
-- scripts/bench-import (1M rows, 2 cores shared with other work, load 2-7), this schema against V12's rows, back to
-- back: validated+stored 6.5-10.8 s against 9.3-12.5 s (23 s under heavier load), the apply step 0.24-0.50 s
-- against 1.3-1.4 s; the chunk writer's thread uses about 1.5 CPU s per 1M rows, findings and rejected rows included.
--
-- block_key = import_id * 2^32 + first_record (as policy_entry's key in V11): one import's blocks are one key range
-- in record order, so an import's entries, the blocks past a checkpoint and a chunk's record range are all range
-- scans of the primary key, and the join from policy_source is a key range too. Blocks of one import never overlap
-- in [first_record, last_record]; a delete that cuts a block rewrites the part it keeps (EntryStore).
--
-- data holds the entries (io.gatelist.storage.PolicyBlock, versioned, checksummed). entry_count and the counts per
-- list and kind are kept beside it so that counting an import's or the live lists' entries is a SUM over a few
-- hundred rows, never a decode.
--
-- Existing policy_entry rows are packed into blocks by the Java migration V13_1 (db.migration), which then drops
-- policy_entry: one storage format, one reader per purpose, rather than every reader also knowing the old rows.
CREATE TABLE policy_block (
    block_key        BIGINT NOT NULL PRIMARY KEY,
    import_id        BIGINT NOT NULL,
    first_record     INT    NOT NULL,
    last_record      INT    NOT NULL,
    entry_count      INT    NOT NULL,
    approved_ip      INT    NOT NULL,
    approved_country INT    NOT NULL,
    blocked_ip       INT    NOT NULL,
    blocked_country  INT    NOT NULL,
    data             BYTEA  NOT NULL
);
