-- IP-to-country ranges from RIR delegated statistics files, written by the import-geo job. Portable SQL, like V1.

-- Accepted ranges, keyed like policy_entry by the import and the record number within its file, so that a
-- restarted job can delete what it wrote past its checkpoint and write it again without duplicates.
-- Addresses are stored as two 64-bit halves (IPv4: high 0, low the unsigned address); country is NULL for
-- EU, AP and ZZ, which name no country.
CREATE TABLE geo_range (
    import_id   BIGINT      NOT NULL REFERENCES import_run (id),
    record_no   INT         NOT NULL,
    line_no     INT         NOT NULL,
    family      SMALLINT    NOT NULL,
    start_high  BIGINT      NOT NULL,
    start_low   BIGINT      NOT NULL,
    end_high    BIGINT      NOT NULL,
    end_low     BIGINT      NOT NULL,
    country     CHAR(2),
    PRIMARY KEY (import_id, record_no)
);

-- A named source of IP-to-country data (by default the file name, e.g. delegated-ripencc-extended-latest)
-- points at the import whose ranges are live; importing a new version moves the pointer in one transaction.
CREATE TABLE geo_source (
    name              VARCHAR(255) PRIMARY KEY,
    current_import_id BIGINT NOT NULL REFERENCES import_run (id),
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
