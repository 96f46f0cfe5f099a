-- The job store and work queue of thinslice.jobs.store=postgresql (series.ClusterJobEngine).
-- One row per series job: the job as the admin API shows it (record, jsonb), plus the columns the queue is worked by.
CREATE TABLE thinslice_job (
    id               text PRIMARY KEY,
    series_uid       text NOT NULL UNIQUE,
    state            text NOT NULL,
    record           jsonb NOT NULL,
    -- the database's clock (now()) at the last new instance: "complete after stable-seconds" is decided on it
    last_received_at timestamptz,
    queued_at        timestamptz,
    finished_at      timestamptz,
    -- what queued the job for its next run: 'series complete' or 'retry'
    next_trigger     text,
    -- new instances arrived during the run: the series is received again when the run ends
    grew             boolean NOT NULL DEFAULT false,
    -- SOP Instance UID -> file name in the published derived series folder, for an export claimed by another node
    derived          jsonb,
    -- the claim: which node runs the job, under which claim, until when (renewed by that node's heartbeat)
    lease_owner      text,
    lease_token      uuid,
    lease_until      timestamptz
);
CREATE INDEX thinslice_job_queue ON thinslice_job (state, queued_at);
CREATE INDEX thinslice_job_owner ON thinslice_job (lease_owner) WHERE lease_owner IS NOT NULL;

-- Every received instance once, cluster-wide: a copy sent again, to any node, is a duplicate.
CREATE TABLE thinslice_instance (
    sop_uid     text PRIMARY KEY,
    series_uid  text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    received_by text
);
CREATE INDEX thinslice_instance_series ON thinslice_instance (series_uid);
