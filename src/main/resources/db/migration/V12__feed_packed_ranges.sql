-- The ranges of each live feed version, packed: what every overlap analysis of the live state reads. Portable SQL
-- (H2 2.x accepts BYTEA as a name of BINARY VARYING; PostgreSQL's own binary type).
--
-- Written by the transaction that makes a version live (FeedStore.activate) and deleted with the replaced
-- version's feed_entry rows, so it always describes exactly the live version's feed_entry rows. A chunk holds up
-- to 10,000 lines in record order, 38 bytes a line, little-endian: family (1 byte), excluded (1 byte, 0 or 1),
-- line_no (int), start_high, start_low, end_high, end_low (longs). A live version without chunks (made live
-- before this migration) is read from feed_entry. The value text and reason are only in feed_entry.
CREATE TABLE feed_packed (
    import_id  BIGINT NOT NULL,
    chunk_no   INT    NOT NULL,
    line_count INT    NOT NULL,
    ranges     BYTEA  NOT NULL,
    PRIMARY KEY (import_id, chunk_no)
);
ALTER TABLE feed_packed ADD CONSTRAINT feed_packed_import FOREIGN KEY (import_id) REFERENCES import_run (id);
