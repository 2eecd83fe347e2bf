-- What the history rules (floods, duplicates, campaigns, author trust) remember of each comment,
-- shared by every replica. No comment text and no raw IP address: a MinHash sketch and a keyed hash.
-- Times are ISO 8601 UTC text, which sorts and compares in time order.
CREATE TABLE comment_history (
    site_id     TEXT    NOT NULL,
    comment_id  TEXT    NOT NULL,
    author_id   TEXT    NOT NULL,
    ip_hash     TEXT    NULL,
    revision    INTEGER NOT NULL,
    first_seen  TEXT    NOT NULL,
    last_seen   TEXT    NOT NULL,
    sketch      BLOB    NULL,
    outcome     TEXT    NULL,
    outcome_at  TEXT    NULL,
    PRIMARY KEY (site_id, comment_id)
);

CREATE INDEX comment_history_author ON comment_history (site_id, author_id, first_seen);
CREATE INDEX comment_history_ip ON comment_history (site_id, ip_hash, first_seen) WHERE ip_hash IS NOT NULL;

-- Locality-sensitive band keys of each sketch: near-identical texts share at least one key.
CREATE TABLE comment_history_bands (
    site_id     TEXT    NOT NULL,
    band_key    INTEGER NOT NULL,
    comment_id  TEXT    NOT NULL,
    PRIMARY KEY (site_id, band_key, comment_id)
);

CREATE INDEX comment_history_bands_comment ON comment_history_bands (site_id, comment_id);
