-- Per-site models: a site's own spam and toxicity models, kept in the store so that every replica
-- serves the same version without a shared disk. model holds the model zip's bytes as uploaded.
-- role moves challenger -> shadow -> champion -> retired (a challenger may be promoted directly,
-- and a champion that is rolled back is retired with rolled_back_at set). At most one champion and
-- one shadow per site and task; without a champion the shipped model serves the site.
-- report_json is the comparison report the model was uploaded with, as given (null: none).
-- shadow_comments counts the site's comments the model scored while in shadow, summed over replicas.
-- promoted_at is when it last became champion: rollback restores the champion promoted before it.
CREATE TABLE site_models (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id          TEXT    NOT NULL,
    task             TEXT    NOT NULL,
    version          TEXT    NOT NULL,
    role             TEXT    NOT NULL,
    model            BLOB    NOT NULL,
    model_sha256     TEXT    NOT NULL,
    report_json      TEXT    NULL,
    shadow_comments  INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT    NOT NULL,
    created_by       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    updated_by       TEXT    NOT NULL,
    promoted_at      TEXT    NULL,
    rolled_back_at   TEXT    NULL,
    UNIQUE (site_id, task, version)
);
CREATE UNIQUE INDEX site_models_one_champion ON site_models (site_id, task) WHERE role = 'champion';
CREATE UNIQUE INDEX site_models_one_shadow ON site_models (site_id, task) WHERE role = 'shadow';
-- Every replica asks every few seconds which models serve: this answers it from the index alone.
CREATE INDEX site_models_serving ON site_models (role, site_id, task, id, version, shadow_comments) WHERE role IN ('champion', 'shadow');
