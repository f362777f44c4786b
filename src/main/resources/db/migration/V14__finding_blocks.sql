-- Gatelist schema, version 14: the row findings and rejected rows of an import stored packed, one row per chunk,
-- as V13 did for accepted entries. Portable SQL (BYTEA: H2 2.x's BINARY VARYING, PostgreSQL's binary type).
--
-- Why: issue #3 (1M rows validated and stored at 3x H2 CSVREAD's rows/s). The benchmark file's 1M rows carry about
-- 78,000 findings and 7,800 rejected rows; inserted as one import_finding / rejected_row row each, they took about
-- 40% of the chunk writer's thread and most of H2's page copying. scripts/bench-import, warm, same machine: leaving
-- those inserts out (an experiment, not a fix) took the validate-rows step from 3.2-3.4 s to 1.9-2.4 s.
--
-- block_key = import_id * 2^32 + first_record (as policy_block's): one import's blocks are one key range in record
-- order and never overlap in [first_record, last_record]; a restart's delete that cuts a block rewrites the part it
-- keeps (EntryStore). data is io.gatelist.storage.FindingBlock (versioned, checksummed). The counts beside it make
-- an import's tally a SUM, never a decode.
--
-- import_finding and rejected_row stay, for what is not part of a chunk: findings about the file as a whole, the
-- findings a Global Approved List investigation adds to rows after the import, and the rows of imports made before
-- this version. Readers merge both in file order (FindingStore).
CREATE TABLE finding_block (
    block_key       BIGINT NOT NULL PRIMARY KEY,
    import_id       BIGINT NOT NULL,
    first_record    INT    NOT NULL,
    last_record     INT    NOT NULL,
    finding_count   INT    NOT NULL,
    rejected_count  INT    NOT NULL,
    duplicate_count INT    NOT NULL,
    data            BYTEA  NOT NULL
);
