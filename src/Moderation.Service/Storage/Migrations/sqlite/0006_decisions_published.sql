-- Published marks move to a narrow table (see the PostgreSQL script): decisions are only ever inserted.
-- decisions.published_at stays, no longer written; a decision counts as published when either says so.
CREATE TABLE decisions_published (
    site_id       TEXT    NOT NULL,
    comment_id    TEXT    NOT NULL,
    revision      INTEGER NOT NULL,
    published_at  TEXT    NOT NULL,
    PRIMARY KEY (site_id, comment_id, revision)
);
