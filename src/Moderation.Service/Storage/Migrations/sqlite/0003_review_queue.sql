-- The review queue: held comments and what moderators did with them, who may sign in, which
-- website backends hold API keys, and the labels human decisions give the classifiers.
-- Times are ISO 8601 UTC text ("O" format), so they sort and compare as text.

-- Search and the "riskiest" sort need the text and the highest deciding score without parsing JSON per row.
ALTER TABLE decisions ADD COLUMN comment_text TEXT NULL;
ALTER TABLE decisions ADD COLUMN max_score REAL NULL;
UPDATE decisions SET
    comment_text = json_extract(comment_json, '$.text'),
    max_score = (SELECT MAX(json_extract(s.value, '$.value')) FROM json_each(decisions.event_json, '$.scores') s
                 WHERE COALESCE(json_extract(s.value, '$.shadow'), 0) = 0);

-- One row per held comment revision. state moves once, Held -> Approved | Rejected, guarded by version:
-- UPDATE ... WHERE state = 'Held' AND version = @version, so two moderators never both decide it.
-- The moderator's event is stored before it is published and marked published after the broker confirmed.
CREATE TABLE reviews (
    site_id       TEXT    NOT NULL,
    comment_id    TEXT    NOT NULL,
    revision      INTEGER NOT NULL,
    state         TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    held_at       TEXT    NOT NULL,
    decided_by    TEXT    NULL,
    decided_at    TEXT    NULL,
    reason_code   TEXT    NULL,
    note          TEXT    NULL,
    decision_id   TEXT    NULL UNIQUE,
    event_json    TEXT    NULL,
    published_at  TEXT    NULL,
    PRIMARY KEY (site_id, comment_id, revision)
);
CREATE INDEX reviews_site_state_held ON reviews (site_id, state, held_at DESC);
CREATE INDEX reviews_unpublished ON reviews (decided_at) WHERE decision_id IS NOT NULL AND published_at IS NULL;
INSERT INTO reviews (site_id, comment_id, revision, state, version, held_at)
    SELECT site_id, comment_id, revision, 'Held', 1, decided_at FROM decisions WHERE outcome = 'HeldForReview';

-- Who did what, when, from which state. Never holds comment text; the note is the moderator's own.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    site_id      TEXT    NULL,
    comment_id   TEXT    NULL,
    revision     INTEGER NULL,
    from_state   TEXT    NULL,
    to_state     TEXT    NULL,
    reason_code  TEXT    NULL,
    note         TEXT    NULL
);
CREATE INDEX audit_log_site ON audit_log (site_id, id DESC);

-- Moderators and administrators. password_hash is PBKDF2 (see Auth/PasswordHasher.cs);
-- sites is a space-separated list of site ids, or "*" for every site.
CREATE TABLE users (
    user_name      TEXT NOT NULL PRIMARY KEY,
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL,
    sites          TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    disabled_at    TEXT NULL
);

-- API keys of website backends, one site each. Only the SHA-256 of the key is kept.
CREATE TABLE api_keys (
    key_id      TEXT NOT NULL PRIMARY KEY,
    site_id     TEXT NOT NULL,
    name        TEXT NOT NULL,
    key_hash    TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    revoked_at  TEXT NULL
);

-- Training labels from human decisions, per task ("spam", "toxicity", "moderation"): 1 = positive.
CREATE TABLE labels (
    site_id     TEXT    NOT NULL,
    comment_id  TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    task        TEXT    NOT NULL,
    label       INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    decided_by  TEXT    NOT NULL,
    decided_at  TEXT    NOT NULL,
    PRIMARY KEY (site_id, task, comment_id, revision)
);
