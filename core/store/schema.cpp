#include "core/store/schema.h"

namespace mdeck::store {

const std::vector<Migration> &migrations()
{
    static const std::vector<Migration> kMigrations = {
        {1, "workspace metadata, users, API tokens and the audit log", R"SQL(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('viewer', 'engineer', 'release-manager', 'admin')),
    os_login   TEXT UNIQUE,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    disabled   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    label        TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    revoked_at   INTEGER
);
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    time      INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log(subject);
)SQL"},
        {2, "model registry: models, versions, metrics, params, tags, aliases", R"SQL(
CREATE TABLE models (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    owner       TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE TABLE model_tags (
    model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (model_id, key)
);
CREATE TABLE versions (
    id              INTEGER PRIMARY KEY,
    model_id        INTEGER NOT NULL REFERENCES models(id),
    version         INTEGER NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    format          TEXT NOT NULL,
    artifact_name   TEXT NOT NULL,
    artifact_sha256 TEXT NOT NULL,
    artifact_size   INTEGER NOT NULL,
    signature       TEXT NOT NULL,
    dataset_hash    TEXT NOT NULL DEFAULT '',
    training_run    TEXT NOT NULL DEFAULT '',
    parent_version  INTEGER,
    created_by      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    archived        INTEGER NOT NULL DEFAULT 0,
    archived_at     INTEGER,
    UNIQUE (model_id, version)
);
CREATE INDEX versions_created ON versions(created_at);
CREATE INDEX versions_artifact ON versions(artifact_sha256);
-- A registered version is immutable: only its archive state may change.
CREATE TRIGGER versions_immutable BEFORE UPDATE OF
    id, model_id, version, description, format, artifact_name, artifact_sha256, artifact_size,
    signature, dataset_hash, training_run, parent_version, created_by, created_at ON versions
BEGIN
    SELECT RAISE(ABORT, 'model versions are immutable');
END;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
BEGIN
    SELECT RAISE(ABORT, 'model versions cannot be deleted; archive them');
END;
CREATE TABLE version_metrics (
    version_id INTEGER NOT NULL REFERENCES versions(id),
    key        TEXT NOT NULL,
    value      REAL NOT NULL,
    PRIMARY KEY (version_id, key)
) WITHOUT ROWID;
CREATE INDEX version_metrics_key ON version_metrics(key, value);
CREATE TABLE version_params (
    version_id INTEGER NOT NULL REFERENCES versions(id),
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (version_id, key)
) WITHOUT ROWID;
CREATE TABLE version_tags (
    version_id INTEGER NOT NULL REFERENCES versions(id),
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (version_id, key)
) WITHOUT ROWID;
CREATE INDEX version_tags_kv ON version_tags(key, value);
CREATE TRIGGER version_children_immutable_m BEFORE UPDATE ON version_metrics
BEGIN SELECT RAISE(ABORT, 'model versions are immutable'); END;
CREATE TRIGGER version_children_immutable_p BEFORE UPDATE ON version_params
BEGIN SELECT RAISE(ABORT, 'model versions are immutable'); END;
CREATE TRIGGER version_children_immutable_t BEFORE UPDATE ON version_tags
BEGIN SELECT RAISE(ABORT, 'model versions are immutable'); END;
CREATE TABLE aliases (
    model_id   INTEGER NOT NULL REFERENCES models(id),
    alias      TEXT NOT NULL,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (model_id, alias)
);
CREATE INDEX aliases_version ON aliases(version_id);
)SQL"},
        {3, "benchmark results per model version", R"SQL(
CREATE TABLE benchmarks (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    device     TEXT NOT NULL,
    hardware   TEXT NOT NULL,
    results    TEXT NOT NULL
);
CREATE INDEX benchmarks_version ON benchmarks(version_id, created_at);
CREATE TRIGGER benchmarks_immutable BEFORE UPDATE ON benchmarks
BEGIN SELECT RAISE(ABORT, 'benchmark results are immutable'); END;
)SQL"},
        {4, "prediction log and ground-truth feedback", R"SQL(
-- One row per predicted input row. Written by the server in batched
-- transactions; read by monitoring and rollout analysis.
CREATE TABLE predictions (
    id         INTEGER PRIMARY KEY,
    time       INTEGER NOT NULL,          -- Unix time in milliseconds
    deployment TEXT NOT NULL,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    role       TEXT NOT NULL CHECK (role IN ('stable', 'canary', 'shadow')),
    request_id TEXT NOT NULL,
    row        INTEGER NOT NULL,          -- the row's index within its request
    inputs     TEXT NOT NULL,             -- JSON array: the row's raw feature values, in feature order
    outputs    TEXT NOT NULL,             -- JSON array: the row's outputs
    latency_us INTEGER NOT NULL
);
CREATE INDEX predictions_deployment_time ON predictions(deployment, time);
CREATE INDEX predictions_version_time ON predictions(version_id, time);
CREATE INDEX predictions_request ON predictions(request_id, row);
-- Ground truth that arrives later, joined to predictions by request id and row.
CREATE TABLE feedback (
    request_id TEXT NOT NULL,
    row        INTEGER NOT NULL,
    label      TEXT NOT NULL,
    time       INTEGER NOT NULL,
    source     TEXT NOT NULL,
    PRIMARY KEY (request_id, row)
) WITHOUT ROWID;
)SQL"},
        {5, "drift windows, alert history and alert rule state", R"SQL(
-- One row per evaluated window of a monitored series (a deployment or a
-- model version, windowed by rows or by time). `results` is the window's
-- JSON (per-feature statistics, quality, performance, fairness); the
-- columns beside it let charts and back-tests read without parsing it.
CREATE TABLE drift_windows (
    id               INTEGER PRIMARY KEY,
    series           TEXT NOT NULL,
    version_id       INTEGER NOT NULL REFERENCES versions(id),
    start_time       INTEGER NOT NULL,
    end_time         INTEGER NOT NULL,
    first_prediction INTEGER NOT NULL,
    last_prediction  INTEGER NOT NULL,
    rows             INTEGER NOT NULL,
    drift_share      REAL NOT NULL,
    dataset_drift    INTEGER NOT NULL,
    results          TEXT NOT NULL,
    computed_at      INTEGER NOT NULL
);
CREATE INDEX drift_windows_series ON drift_windows(series, start_time);
-- Every firing of an alert rule and every action it ran.
CREATE TABLE alert_history (
    id        INTEGER PRIMARY KEY,
    time      INTEGER NOT NULL,
    rule      TEXT NOT NULL,
    series    TEXT NOT NULL,
    window_id INTEGER,                 -- drift_windows.id when the window is stored
    statistic TEXT NOT NULL,
    value     REAL,
    action    TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    details   TEXT NOT NULL
);
CREATE INDEX alert_history_rule ON alert_history(rule, time);
-- Where each rule stands on each series: consecutive breaching windows,
-- the last window seen and the last firing (for the cooldown).
CREATE TABLE alert_state (
    rule        TEXT NOT NULL,
    series      TEXT NOT NULL,
    consecutive INTEGER NOT NULL,
    last_window INTEGER NOT NULL,
    last_fired  INTEGER,
    PRIMARY KEY (rule, series)
) WITHOUT ROWID;
)SQL"},
    };
    return kMigrations;
}

} // namespace mdeck::store
