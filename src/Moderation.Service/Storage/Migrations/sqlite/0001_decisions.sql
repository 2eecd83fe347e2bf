-- One row per decided comment revision. The event is stored exactly as published so that a
-- redelivery republishes the same message (same id, same content). Times are ISO 8601 UTC text.
CREATE TABLE decisions (
    site_id       TEXT    NOT NULL,
    comment_id    TEXT    NOT NULL,
    revision      INTEGER NOT NULL,
    decision_id   TEXT    NOT NULL UNIQUE,
    outcome       TEXT    NOT NULL,
    thread_id     TEXT    NOT NULL,
    author_id     TEXT    NOT NULL,
    reason_codes  TEXT    NOT NULL,
    event_json    TEXT    NOT NULL,
    comment_json  TEXT    NOT NULL,
    decided_at    TEXT    NOT NULL,
    published_at  TEXT    NULL,
    PRIMARY KEY (site_id, comment_id, revision)
);

CREATE INDEX decisions_site_outcome_decided ON decisions (site_id, outcome, decided_at DESC);
CREATE INDEX decisions_site_author ON decisions (site_id, author_id, decided_at DESC);
CREATE INDEX decisions_unpublished ON decisions (decided_at) WHERE published_at IS NULL;
