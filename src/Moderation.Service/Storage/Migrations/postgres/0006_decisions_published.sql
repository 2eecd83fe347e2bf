-- Published marks move to a narrow table. Marking a decision published updated its whole row (1.6 kB
-- on average): a page holds four or five, so the in-place (HOT) update that the fillfactor left room
-- for fitted only a quarter of the time; the rest wrote a new row version and an entry in each of the
-- table's indexes, then left a dead row for vacuum. At 500 comments a second the marking statement
-- took 10 ms on average (log_min_duration_statement). A mark is now a small insert, and decisions
-- are only ever inserted.
-- decisions.published_at stays, no longer written: replicas of the previous version keep marking
-- there during a rolling upgrade, and a decision counts as published when either place says so.
CREATE TABLE decisions_published (
    site_id       text        NOT NULL,
    comment_id    text        NOT NULL,
    revision      integer     NOT NULL,
    published_at  timestamptz NOT NULL,
    PRIMARY KEY (site_id, comment_id, revision)
);

ALTER TABLE decisions SET (fillfactor = 100);
