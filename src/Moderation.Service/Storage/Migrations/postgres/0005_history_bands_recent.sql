-- Near-duplicate look-ups went from a sketch's band keys to every comment that ever shared one, then
-- to the comments' rows to drop those outside the window: under a campaign (thousands of posts
-- sharing a key) that cost PostgreSQL 5-12 ms per comment and grew with the history. Each band now
-- carries its comment's last-seen time, so a look-up reads only the window's most recent matches
-- from this index.
ALTER TABLE comment_history_bands ADD COLUMN last_seen timestamptz NULL;
UPDATE comment_history_bands AS b SET last_seen = h.last_seen
FROM comment_history AS h WHERE h.site_id = b.site_id AND h.comment_id = b.comment_id;
CREATE INDEX comment_history_bands_recent ON comment_history_bands (site_id, band_key, last_seen) INCLUDE (comment_id);
