-- Readers' reports of published comments. A reader is known only by a keyed hash of the site's
-- reporter id (HMAC-SHA256, see Reports/ReporterHasher.cs): reports can be counted once per reader
-- and limited per reader without the store holding who they are.
-- One row per reader and comment revision: a reader who reports again is not counted again.
-- resolved_at is set when a moderator decides the comment: those reports have been answered and no
-- longer count towards putting it back in the queue.
CREATE TABLE reports (
    site_id        text        NOT NULL,
    comment_id     text        NOT NULL,
    revision       integer     NOT NULL,
    reporter_hash  text        NOT NULL,
    reason         text        NOT NULL,
    reported_at    timestamptz NOT NULL,
    resolved_at    timestamptz NULL,
    PRIMARY KEY (site_id, comment_id, revision, reporter_hash)
);
-- The per-reader rate limit counts one reader's reports within a window.
CREATE INDEX reports_reporter ON reports (site_id, reporter_hash, reported_at);

-- Secrets the service generates once and every replica must share (the reporter hash key when the
-- configuration gives none). The first replica's insert wins; the others read it.
CREATE TABLE service_secrets (
    name        text        NOT NULL PRIMARY KEY,
    value       text        NOT NULL,
    created_at  timestamptz NOT NULL
);
