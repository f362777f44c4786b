-- Gatelist schema, version 15.1 (issue #28, items 6 and 7): what a feed import was told, and how its file is read.
--
-- database_explicit: the feed's database was named for this import (gatelist import --kind feed --database DB, or
-- inbox.feed-database.<feed>); otherwise an existing feed keeps its own database and feed_database only says
-- which one a new feed gets. Imports recorded before this migration count as not told: nothing moves a feed
-- silently any more.
-- moved_from: the database the feed was in before this import moved it (NULL: not moved), set when the version
-- is made live, for the import's summary and reports.
-- rbldnsd_dataset: how the file's exclusions are read (io.gatelist.feed.RbldnsdDataset: 'ip4set' or 'ip4trie');
-- NULL reads as ip4set.
ALTER TABLE feed_import ADD COLUMN database_explicit BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE feed_import ADD COLUMN moved_from VARCHAR(16);
ALTER TABLE feed_import ADD COLUMN rbldnsd_dataset VARCHAR(16);
