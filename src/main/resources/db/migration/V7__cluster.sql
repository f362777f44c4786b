-- Several appliance nodes on one database. Portable SQL (H2 2.x and PostgreSQL).

-- Every daemon registers under a node id and refreshes its heartbeat; a node whose heartbeat is older than the
-- lease is taken for dead, and its unfinished imports are taken over by a live node.
CREATE TABLE appliance_node (
    node_id       VARCHAR(128) PRIMARY KEY,
    host          VARCHAR(255) NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The node that claimed an import (null for imports run from the command line).
ALTER TABLE import_run ADD COLUMN node_id VARCHAR(128);

-- The highest list revision a node has undertaken to publish: one node compiles and publishes each revision.
INSERT INTO appliance_counter (name, counter_value) VALUES ('published-revision', -1);
