-- The review queue: held comments and what moderators did with them, who may sign in, which
-- website backends hold API keys, and the labels human decisions give the classifiers.

-- Search and the "riskiest" sort need the text and the highest deciding score without parsing JSON per row.
ALTER TABLE decisions ADD COLUMN comment_text text NULL;
ALTER TABLE decisions ADD COLUMN max_score double precision NULL;
UPDATE decisions SET
    comment_text = comment_json::jsonb ->> 'text',
    max_score = (SELECT MAX((s ->> 'value')::double precision) FROM jsonb_array_elements(event_json::jsonb -> 'scores') s
                 WHERE COALESCE((s ->> 'shadow')::boolean, false) = false);

-- One row per held comment revision. state moves once, Held -> Approved | Rejected, guarded by version:
-- UPDATE ... WHERE state = 'Held' AND version = @version, so two moderators never both decide it.
-- The moderator's event is stored before it is published and marked published after the broker confirmed.
CREATE TABLE reviews (
    site_id       text        NOT NULL,
    comment_id    text        NOT NULL,
    revision      integer     NOT NULL,
    state         text        NOT NULL,
    version       integer     NOT NULL DEFAULT 1,
    held_at       timestamptz NOT NULL,
    decided_by    text        NULL,
    decided_at    timestamptz NULL,
    reason_code   text        NULL,
    note          text        NULL,
    decision_id   uuid        NULL UNIQUE,
    event_json    text        NULL,
    published_at  timestamptz NULL,
    PRIMARY KEY (site_id, comment_id, revision)
);
CREATE INDEX reviews_site_state_held ON reviews (site_id, state, held_at DESC);
CREATE INDEX reviews_unpublished ON reviews (decided_at) WHERE decision_id IS NOT NULL AND published_at IS NULL;
INSERT INTO reviews (site_id, comment_id, revision, state, version, held_at)
    SELECT site_id, comment_id, revision, 'Held', 1, decided_at FROM decisions WHERE outcome = 'HeldForReview';

-- Who did what, when, from which state. Never holds comment text; the note is the moderator's own.
CREATE TABLE audit_log (
    id           bigserial   PRIMARY KEY,
    at           timestamptz NOT NULL,
    actor        text        NOT NULL,
    action       text        NOT NULL,
    site_id      text        NULL,
    comment_id   text        NULL,
    revision     integer     NULL,
    from_state   text        NULL,
    to_state     text        NULL,
    reason_code  text        NULL,
    note         text        NULL
);
CREATE INDEX audit_log_site ON audit_log (site_id, id DESC);

-- Moderators and administrators. password_hash is PBKDF2 (see Auth/PasswordHasher.cs);
-- sites is a space-separated list of site ids, or "*" for every site.
CREATE TABLE users (
    user_name      text        NOT NULL PRIMARY KEY,
    display_name   text        NOT NULL,
    password_hash  text        NOT NULL,
    role           text        NOT NULL,
    sites          text        NOT NULL,
    created_at     timestamptz NOT NULL,
    disabled_at    timestamptz NULL
);

-- API keys of website backends, one site each. Only the SHA-256 of the key is kept.
CREATE TABLE api_keys (
    key_id      text        NOT NULL PRIMARY KEY,
    site_id     text        NOT NULL,
    name        text        NOT NULL,
    key_hash    text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    revoked_at  timestamptz NULL
);

-- Training labels from human decisions, per task ("spam", "toxicity", "moderation"): 1 = positive.
CREATE TABLE labels (
    site_id     text        NOT NULL,
    comment_id  text        NOT NULL,
    revision    integer     NOT NULL,
    task        text        NOT NULL,
    label       integer     NOT NULL,
    text        text        NOT NULL,
    decided_by  text        NOT NULL,
    decided_at  timestamptz NOT NULL,
    PRIMARY KEY (site_id, task, comment_id, revision)
);
