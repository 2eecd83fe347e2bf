-- One row per decided comment revision. The event is stored exactly as published so that a
-- redelivery republishes the same message (same id, same content).
CREATE TABLE decisions (
    site_id       text        NOT NULL,
    comment_id    text        NOT NULL,
    revision      integer     NOT NULL,
    decision_id   uuid        NOT NULL UNIQUE,
    outcome       text        NOT NULL,
    thread_id     text        NOT NULL,
    author_id     text        NOT NULL,
    reason_codes  text        NOT NULL,
    event_json    text        NOT NULL,
    comment_json  text        NOT NULL,
    decided_at    timestamptz NOT NULL,
    published_at  timestamptz NULL,
    PRIMARY KEY (site_id, comment_id, revision)
);

CREATE INDEX decisions_site_outcome_decided ON decisions (site_id, outcome, decided_at DESC);
CREATE INDEX decisions_site_author ON decisions (site_id, author_id, decided_at DESC);
CREATE INDEX decisions_unpublished ON decisions (decided_at) WHERE published_at IS NULL;
