-- Inbox, duplicates and schedules. Portable SQL (H2 2.x and PostgreSQL).

-- An inbox file is recorded when it is claimed, before it is hashed (it is hashed after the atomic move).
ALTER TABLE import_run ALTER COLUMN sha256 DROP NOT NULL;
-- A DUPLICATE import points at the import whose content it repeats.
ALTER TABLE import_run ADD COLUMN duplicate_of BIGINT;
-- Where the file came from: cli, inbox or pull.
ALTER TABLE import_run ADD COLUMN origin VARCHAR(16) DEFAULT 'cli' NOT NULL;
CREATE INDEX import_run_state ON import_run (state);

-- The last time each schedule ran, so that a run missed while the daemon was down happens once on start.
CREATE TABLE schedule_run (
    name      VARCHAR(64) PRIMARY KEY,
    last_run  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Files already pulled from the configured pull folder, so that an unchanged file is not pulled again.
CREATE TABLE pulled_file (
    name         VARCHAR(1024) PRIMARY KEY,
    size_bytes   BIGINT        NOT NULL,
    modified_ms  BIGINT        NOT NULL,
    pulled_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
