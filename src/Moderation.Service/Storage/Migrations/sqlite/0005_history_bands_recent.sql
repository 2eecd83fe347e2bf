-- Each band carries its comment's last-seen time, so a near-duplicate look-up reads only the
-- window's most recent matches (see the PostgreSQL migration of the same name).
ALTER TABLE comment_history_bands ADD COLUMN last_seen TEXT NULL;
UPDATE comment_history_bands SET last_seen =
    (SELECT h.last_seen FROM comment_history h WHERE h.site_id = comment_history_bands.site_id AND h.comment_id = comment_history_bands.comment_id);
CREATE INDEX comment_history_bands_recent ON comment_history_bands (site_id, band_key, last_seen, comment_id);
