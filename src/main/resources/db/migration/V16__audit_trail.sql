-- The audit trail: one append-only log of every change to what a lookup answers and of who decided it. Portable SQL
-- (H2 2.x and PostgreSQL).

-- One record a change. Each record's hash covers its fields and the hash of the record before it (a hash chain), so
-- that an altered or deleted record breaks every hash after it; gatelist audit verify recomputes the chain.
CREATE TABLE audit_record (
    seq            BIGINT        PRIMARY KEY,
    recorded_at    BIGINT        NOT NULL,  -- epoch milliseconds: hashed as stored, no time zone round trip
    actor          VARCHAR(255)  NOT NULL,
    action         VARCHAR(64)   NOT NULL,
    subject        VARCHAR(1024) NOT NULL,
    reason         VARCHAR(4000),
    detail         VARCHAR(1000000) NOT NULL,  -- a JSON object
    value_count    INT           NOT NULL,
    values_sha256  CHAR(64)      NOT NULL,  -- of the record's audit_value rows, in order
    prev_hash      CHAR(64)      NOT NULL,
    record_hash    CHAR(64)      NOT NULL
);
CREATE INDEX audit_record_actor ON audit_record (actor, seq);
CREATE INDEX audit_record_time ON audit_record (recorded_at);

-- The values a record added to or removed from a list (an import's diff, an entry's edit): kept as rows so that
-- "who put this address on the Blocked list" is a query, and hashed into their record through values_sha256.
CREATE TABLE audit_value (
    seq          BIGINT       NOT NULL,
    idx          INT          NOT NULL,
    change_kind  CHAR(1)      NOT NULL,  -- '+' added, '-' removed
    list_name    VARCHAR(16)  NOT NULL,
    entry_value  VARCHAR(64)  NOT NULL,
    family       SMALLINT,               -- 4 or 6 for addresses and ranges, null for countries
    first_high   BIGINT,
    first_low    BIGINT,
    last_high    BIGINT,
    last_low     BIGINT,
    PRIMARY KEY (seq, idx)
);
CREATE INDEX audit_value_range ON audit_value (family, first_high, first_low);

-- The head of the chain: the last record's number and hash, locked by every append so that records are numbered
-- and chained one at a time, whichever process appends. A record deleted from the end shows as a head that points
-- past the last record.
CREATE TABLE audit_head (
    id          INT       PRIMARY KEY,
    last_seq    BIGINT    NOT NULL,
    last_hash   CHAR(64)  NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
