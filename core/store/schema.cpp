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
        {5, "deployments, rollout requests and the deployment timeline", R"SQL(
-- A named endpoint serving a stable version of one model, optionally with a
-- candidate in canary (a share of traffic) or shadow (a copy of traffic).
CREATE TABLE deployments (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE,
    model             TEXT NOT NULL,
    stable_version    INTEGER NOT NULL,
    candidate_version INTEGER,
    candidate_mode    TEXT NOT NULL DEFAULT 'none'
                      CHECK (candidate_mode IN ('none', 'canary', 'shadow')),
    canary_percent    INTEGER NOT NULL DEFAULT 0 CHECK (canary_percent BETWEEN 0 AND 100),
    max_batch_size    INTEGER NOT NULL CHECK (max_batch_size > 0),
    max_queue_delay_us INTEGER NOT NULL CHECK (max_queue_delay_us >= 0),
    previous_stable   INTEGER,           -- served before the last promotion; NULL when none
    created_at        INTEGER NOT NULL,
    created_by        TEXT NOT NULL,
    updated_at        INTEGER NOT NULL,
    CHECK ((candidate_version IS NULL) = (candidate_mode = 'none'))
);
-- A request to change what a deployment serves, its evidence, its decision and
-- its progress. At most one is open (requested, running or paused) per deployment.
CREATE TABLE rollouts (
    id               INTEGER PRIMARY KEY,
    deployment_id    INTEGER NOT NULL REFERENCES deployments(id),
    from_version     INTEGER NOT NULL,
    to_version       INTEGER NOT NULL,
    mode             TEXT NOT NULL CHECK (mode IN ('canary', 'shadow', 'direct')),
    plan             TEXT NOT NULL,       -- JSON
    state            TEXT NOT NULL CHECK (state IN ('requested', 'rejected', 'running',
                         'paused', 'promoted', 'rolled-back')),
    requested_by     TEXT NOT NULL,
    requested_at     INTEGER NOT NULL,
    request_comment  TEXT NOT NULL,
    evidence         TEXT NOT NULL,       -- JSON, computed when requested
    evidence_hash    TEXT NOT NULL,       -- SHA-256 of the evidence's deterministic part
    decided_by       TEXT,
    decided_at       INTEGER,
    decision_comment TEXT,
    approved_sha256  TEXT,                -- the candidate artifact's digest at approval
    approved_evidence_hash TEXT,
    step             INTEGER NOT NULL DEFAULT -1, -- index into the plan's steps; -1 before start
    step_started_at  INTEGER,             -- when the current step began (observations since)
    baked_ms         INTEGER NOT NULL DEFAULT 0,  -- bake time banked before the last pause
    running_since    INTEGER,             -- when the bake clock last (re)started
    alerted_step     INTEGER NOT NULL DEFAULT -1,
    finished_at      INTEGER,
    reason           TEXT NOT NULL DEFAULT '', -- why it ended or was paused
    note             TEXT NOT NULL DEFAULT '', -- the controller's last word on the step
    observation      TEXT NOT NULL DEFAULT '{}', -- the step's last analysis, JSON
    observed_at      INTEGER
);
CREATE UNIQUE INDEX rollouts_open ON rollouts(deployment_id)
    WHERE state IN ('requested', 'running', 'paused');
CREATE INDEX rollouts_state ON rollouts(state);
-- The timeline: each row records an event and what the deployment served after it.
CREATE TABLE deployment_events (
    id                INTEGER PRIMARY KEY,
    deployment_id     INTEGER NOT NULL REFERENCES deployments(id),
    time              INTEGER NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('created', 'requested', 'approved',
                          'rejected', 'started', 'step', 'promoted', 'paused', 'resumed',
                          'rolled-back', 'alert', 'refused')),
    rollout_id        INTEGER,
    stable_version    INTEGER NOT NULL,
    candidate_version INTEGER,
    candidate_mode    TEXT NOT NULL,
    percent           INTEGER NOT NULL,
    actor             TEXT NOT NULL,
    details           TEXT NOT NULL
);
CREATE INDEX deployment_events_time ON deployment_events(deployment_id, time, id);
CREATE TRIGGER deployment_events_immutable BEFORE UPDATE ON deployment_events
BEGIN SELECT RAISE(ABORT, 'deployment events are immutable'); END;
INSERT INTO meta(key, value) VALUES ('deploy.generation', '0');
)SQL"},
        {6, "running model servers", R"SQL(
-- One row per running `mdeck serve`, so the console can find it. The server
-- refreshes heartbeat_at every second and deletes its row when it stops; a
-- row whose heartbeat is older than a few seconds belongs to a dead server.
CREATE TABLE serve_instances (
    id           INTEGER PRIMARY KEY,
    url          TEXT NOT NULL,
    pid          INTEGER NOT NULL,
    host         TEXT NOT NULL,             -- the machine's name
    started_at   INTEGER NOT NULL,          -- Unix time in milliseconds
    heartbeat_at INTEGER NOT NULL
);
)SQL"},
        {7, "pipelines: definitions, runs, steps, the step cache and trigger claims", R"SQL(
CREATE TABLE pipeline_definitions (
    name       TEXT PRIMARY KEY,
    path       TEXT NOT NULL,          -- the file it was added from
    base_dir   TEXT NOT NULL,          -- relative paths in it resolve against this folder
    yaml       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    schedule   TEXT NOT NULL DEFAULT '',
    watch      TEXT NOT NULL DEFAULT '[]', -- JSON array of watched data files
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE TABLE pipeline_runs (
    id               INTEGER PRIMARY KEY,
    pipeline         TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN
                     ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
    trigger          TEXT NOT NULL,          -- manual, schedule, file, alert, resume
    trigger_details  TEXT NOT NULL DEFAULT '{}',
    yaml             TEXT NOT NULL,          -- the definition as it was run
    definition_sha256 TEXT NOT NULL,
    base_dir         TEXT NOT NULL,
    params           TEXT NOT NULL,          -- JSON object after overrides
    file_hashes      TEXT NOT NULL DEFAULT '{}', -- first hash seen of each input file
    created_by       TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    started_at       INTEGER,
    finished_at      INTEGER,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    attempt          INTEGER NOT NULL DEFAULT 1,
    message          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pipeline_runs_pipeline ON pipeline_runs(pipeline, id);
CREATE INDEX pipeline_runs_state ON pipeline_runs(state);
CREATE TABLE pipeline_steps (
    run_id      INTEGER NOT NULL REFERENCES pipeline_runs(id),
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    needs       TEXT NOT NULL DEFAULT '[]',
    state       TEXT NOT NULL CHECK (state IN
                ('pending', 'running', 'succeeded', 'failed', 'cached', 'skipped', 'cancelled')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    started_at  INTEGER,
    finished_at INTEGER,
    cache_key   TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL DEFAULT '',
    log_head    TEXT NOT NULL DEFAULT '',
    log_tail    TEXT NOT NULL DEFAULT '',
    log_dropped INTEGER NOT NULL DEFAULT 0,
    outputs     TEXT NOT NULL DEFAULT '[]', -- JSON: [{name, sha256, size}]
    summary     TEXT NOT NULL DEFAULT '{}', -- JSON: the step's small result (metrics, report summary)
    PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
-- Outputs of finished steps by the hash of their definition and inputs.
CREATE TABLE pipeline_cache (
    cache_key  TEXT PRIMARY KEY,
    pipeline   TEXT NOT NULL,
    step       TEXT NOT NULL,
    run_id     INTEGER NOT NULL,
    outputs    TEXT NOT NULL,
    summary    TEXT NOT NULL,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;
-- One row per trigger slot; the unique key lets only one scheduler start it.
CREATE TABLE pipeline_triggers (
    pipeline    TEXT NOT NULL,
    trigger_key TEXT NOT NULL,
    run_id      INTEGER,
    claimed_at  INTEGER NOT NULL,
    claimed_by  TEXT NOT NULL,
    PRIMARY KEY (pipeline, trigger_key)
) WITHOUT ROWID;
-- The last content hash seen of each watched file.
CREATE TABLE pipeline_watch (
    pipeline TEXT NOT NULL,
    path     TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    PRIMARY KEY (pipeline, path)
) WITHOUT ROWID;
)SQL"},
        {8, "drift windows, alert history and alert rule state", R"SQL(
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
        {9, "prediction spool positions", R"SQL(
-- How far the prediction log has loaded each spool segment into
-- `predictions`, updated in the same transaction as the rows, so a segment
-- left by a server that died is loaded from there and no row twice.
CREATE TABLE prediction_spool (
    segment TEXT PRIMARY KEY,  -- "<server folder>/<number>.seg" under spool/predictions
    loaded  INTEGER NOT NULL   -- bytes of the segment already in `predictions`
) WITHOUT ROWID;
)SQL"},
        {10, "predictions stored in blocks", R"SQL(
-- Consecutive predictions of one deployment, version and role share a row:
-- `data` is a JSON array with one [time (Unix ms), request id, row, inputs,
-- outputs, latency µs] array per prediction, in the order they were stored.
-- One insert per block instead of one (and three index entries) per
-- prediction lets logging keep pace with a saturated server.
CREATE TABLE prediction_blocks (
    id         INTEGER PRIMARY KEY,
    deployment TEXT NOT NULL,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    role       TEXT NOT NULL CHECK (role IN ('stable', 'canary', 'shadow')),
    first_time INTEGER NOT NULL,         -- the earliest prediction's time
    last_time  INTEGER NOT NULL,         -- the latest prediction's time
    row_count  INTEGER NOT NULL CHECK (row_count BETWEEN 1 AND 1024),
    data       TEXT NOT NULL
);
CREATE INDEX prediction_blocks_deployment ON prediction_blocks(deployment, last_time);
CREATE INDEX prediction_blocks_version ON prediction_blocks(version_id, last_time);
-- A prediction's id is its block's id * 1024 + its position in the block;
-- each earlier prediction becomes a block of its own, keeping its order.
INSERT INTO prediction_blocks (id, deployment, version_id, role, first_time, last_time,
                               row_count, data)
SELECT id, deployment, version_id, role, time, time, 1,
       json_array(json_array(time, request_id, row,
           CASE WHEN json_valid(inputs) THEN json(inputs) ELSE inputs END,
           CASE WHEN json_valid(outputs) THEN json(outputs) ELSE outputs END, latency_us))
FROM predictions ORDER BY id;
UPDATE drift_windows SET
    first_prediction = first_prediction * 1024,
    last_prediction = last_prediction * 1024,
    results = CASE WHEN json_valid(results)
                   THEN json_set(results, '$.first_prediction', first_prediction * 1024,
                                 '$.last_prediction', last_prediction * 1024)
                   ELSE results END;
DROP TABLE predictions;
-- One row per prediction, as the table was, for queries by hand.
CREATE VIEW predictions (id, time, deployment, version_id, role, request_id, row, inputs,
                         outputs, latency_us) AS
SELECT b.id * 1024 + j.key, json_extract(j.value, '$[0]'), b.deployment, b.version_id, b.role,
       json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'),
       json_extract(j.value, '$[3]'), json_extract(j.value, '$[4]'),
       json_extract(j.value, '$[5]')
FROM prediction_blocks b, json_each(b.data) j;
)SQL"},
        {11, "prediction blocks kept in segment files", R"SQL(
-- A server's predictions stay in the segment files it appended them to:
-- a block row then only points at its bytes there (data is empty), and
-- loading a prediction costs SQLite a few bytes instead of the whole row.
-- `loaded` is how far the log has read a segment, updated in the same
-- transaction as the block rows; `sealed` segments are read to their end
-- (or to the last whole block) and never loaded again.
CREATE TABLE prediction_segments (
    id     INTEGER PRIMARY KEY,
    path   TEXT NOT NULL UNIQUE, -- relative to the database's folder, or absolute
    loaded INTEGER NOT NULL,
    sealed INTEGER NOT NULL DEFAULT 0
);
INSERT INTO prediction_segments (path, loaded)
SELECT 'spool/predictions/' || segment, loaded FROM prediction_spool;
DROP TABLE prediction_spool;
-- Rows in a segment block are those of the block's deployment, version and
-- role among the segment block's rows, in order.
ALTER TABLE prediction_blocks ADD COLUMN segment INTEGER REFERENCES prediction_segments(id);
ALTER TABLE prediction_blocks ADD COLUMN segment_offset INTEGER; -- the segment block's header
ALTER TABLE prediction_blocks ADD COLUMN segment_bytes INTEGER;  -- header and payload
-- The view read `data` only; `mdeck predictions` reads every block.
DROP VIEW predictions;
)SQL"},
    };
    return kMigrations;
}

} // namespace mdeck::store
