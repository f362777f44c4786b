-- Reputation feeds: named lists of listed addresses and ranges behind the Approved/Blocked lists, written by the
-- import-feed job. Portable SQL, like V1.
--
-- A feed is versioned like a policy source: each import stores its entries under its own import id, and the
-- feed row points at the import that is live. Replacing a feed is one transaction that moves the pointer and
-- deletes the old version's entries, so a compile sees the old version or the new one, never a mix. A file whose
-- SHA-256 equals the live version's (same database) is recorded as DUPLICATE before a line is read: nothing is
-- parsed, written or deleted.

-- What an import of kind 'feed' is for: the feed it replaces and the database it feeds. Recorded when the file
-- is claimed (command line or inbox), read by the job.
CREATE TABLE feed_import (
    import_id     BIGINT       PRIMARY KEY REFERENCES import_run (id),
    feed_name     VARCHAR(255) NOT NULL,
    feed_database VARCHAR(16)  NOT NULL
);

-- A feed and its live version. feed_database is 'standard' (the Known Spam Source side, step
-- reputation-standard) or 'dynamic' (step reputation-dynamic).
CREATE TABLE feed (
    name              VARCHAR(255) PRIMARY KEY,
    feed_database     VARCHAR(16)  NOT NULL,
    current_import_id BIGINT       NOT NULL REFERENCES import_run (id),
    sha256            CHAR(64)     NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Accepted feed lines. Like policy_entry since V3, a plain heap with one non-unique index on (import_id,
-- record_no): every access path uses it (a version's rows, rows past a checkpoint, a chunk's record range) and it
-- grows at its end while an import is written. A line's value is an address, a CIDR range or a first-last range,
-- stored as its inclusive bounds (IPv4: high halves 0, the unsigned address in the low half). excluded marks an
-- rbldnsd exclusion (!value): not listed by this feed even inside one of its listed ranges.
CREATE TABLE feed_entry (
    import_id   BIGINT       NOT NULL,
    record_no   INT          NOT NULL,
    line_no     INT          NOT NULL,
    family      SMALLINT     NOT NULL,
    start_high  BIGINT       NOT NULL,
    start_low   BIGINT       NOT NULL,
    end_high    BIGINT       NOT NULL,
    end_low     BIGINT       NOT NULL,
    excluded    BOOLEAN      NOT NULL,
    entry_value VARCHAR(100) NOT NULL,
    reason      VARCHAR(255)
);
CREATE INDEX feed_entry_record ON feed_entry (import_id, record_no);
ALTER TABLE feed_entry ADD CONSTRAINT feed_entry_import FOREIGN KEY (import_id) REFERENCES import_run (id);
