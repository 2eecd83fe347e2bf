-- Nothing looks up unpublished pipeline decisions by index; keeping it cost an index write per
-- published decision. (PostgreSQL also gets room in each page for in-place updates.)
DROP INDEX IF EXISTS decisions_unpublished;
