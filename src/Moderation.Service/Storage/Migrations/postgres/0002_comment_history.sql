-- What the history rules (floods, duplicates, campaigns, author trust) remember of each comment,
-- shared by every replica. No comment text and no raw IP address: a MinHash sketch and a keyed hash.
CREATE TABLE comment_history (
    site_id     text        NOT NULL,
    comment_id  text        NOT NULL,
    author_id   text        NOT NULL,
    ip_hash     text        NULL,
    revision    integer     NOT NULL,
    first_seen  timestamptz NOT NULL,
    last_seen   timestamptz NOT NULL,
    sketch      bytea       NULL,
    outcome     text        NULL,
    outcome_at  timestamptz NULL,
    PRIMARY KEY (site_id, comment_id)
);

CREATE INDEX comment_history_author ON comment_history (site_id, author_id, first_seen);
CREATE INDEX comment_history_ip ON comment_history (site_id, ip_hash, first_seen) WHERE ip_hash IS NOT NULL;

-- Locality-sensitive band keys of each sketch: near-identical texts share at least one key.
CREATE TABLE comment_history_bands (
    site_id     text   NOT NULL,
    band_key    bigint NOT NULL,
    comment_id  text   NOT NULL,
    PRIMARY KEY (site_id, band_key, comment_id)
);

CREATE INDEX comment_history_bands_comment ON comment_history_bands (site_id, comment_id);
