-- Overlap analysis, grouped by the wider entry: a range containing thousands of others is one group with its
-- exact count, and overlap_finding keeps a few examples of each group. Portable SQL (H2 2.x, PostgreSQL 14+).

CREATE TABLE overlap_group (
    import_id   BIGINT       NOT NULL REFERENCES import_run (id),
    group_no    INT          NOT NULL,
    code        VARCHAR(64)  NOT NULL,
    severity    VARCHAR(8)   NOT NULL,
    a_list      VARCHAR(32)  NOT NULL,
    a_value     VARCHAR(64)  NOT NULL,
    a_source    VARCHAR(255) NOT NULL,
    a_line      INT          NOT NULL,
    total       BIGINT       NOT NULL,
    PRIMARY KEY (import_id, group_no)
);

-- The group an example belongs to (null for analyses recorded before groups existed).
ALTER TABLE overlap_finding ADD COLUMN group_no INT;

-- Distinct wider entries per code, exact even when only the first groups are kept.
ALTER TABLE overlap_count ADD COLUMN wider_entries BIGINT DEFAULT 0 NOT NULL;

-- One row per recorded analysis: how many entries it covered.
CREATE TABLE overlap_analysis (
    import_id   BIGINT NOT NULL PRIMARY KEY REFERENCES import_run (id),
    entries     BIGINT NOT NULL
);
