-- Nomination CSV imports (jobs/import-mta.xml, jobs/import-helo.xml) stage their accepted rows here, keyed like
-- policy_entry by the import and the record number, so that a restarted job deletes what it wrote past its
-- checkpoint and writes it again. The create-nominations step turns the rows into nominations in one transaction.
CREATE TABLE nomination_row (
    import_id           BIGINT       NOT NULL REFERENCES import_run (id),
    record_no           INT          NOT NULL,
    line_no             INT          NOT NULL,
    family              SMALLINT,
    addr_high           BIGINT,
    addr_low            BIGINT,
    fqdn                VARCHAR(253),
    email_domain        VARCHAR(253),
    company_name        VARCHAR(255),
    country             CHAR(2),
    company_type        VARCHAR(32),
    helo                VARCHAR(255),
    contact_email       VARCHAR(320) NOT NULL,
    contact_first_name  VARCHAR(255) NOT NULL,
    contact_last_name   VARCHAR(255) NOT NULL,
    PRIMARY KEY (import_id, record_no)
);
