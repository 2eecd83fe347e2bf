-- Every decision is updated once, when its event is confirmed (published_at). Nothing looks up
-- unpublished pipeline decisions by index, and that index's predicate named the updated column,
-- which made every such update write new entries into all of the table's indexes. Without it, and
-- with room left in each page, the update can stay on the page (a HOT update) and touch no index.
DROP INDEX IF EXISTS decisions_unpublished;
ALTER TABLE decisions SET (fillfactor = 85);
