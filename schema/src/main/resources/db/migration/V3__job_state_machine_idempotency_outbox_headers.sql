-- Reliability (issue 4): leases and due times for the worker's state machine, deadlines, result reuse,
-- idempotency keys, headers on outbox rows, and a record of dead letters an operator re-drove.

alter table image_edit_jobs
    -- The worker holding a running job, and until when; renewed by heartbeat, taken over once expired.
    add column lease_owner      text,
    add column lease_expires_at timestamptz,
    -- A queued job is not run before this (retry backoff); null means at once.
    add column not_before       timestamptz,
    -- When a request record for this queued job was last written to the outbox (null: at created_at, by the API).
    add column announced_at     timestamptz,
    -- A job not started by then ends canceled with DEADLINE_EXCEEDED.
    add column deadline_at      timestamptz,
    -- SHA-256 of the model, parameters and input bytes; equal hashes may reuse a succeeded job's outputs.
    add column input_hash       text;

create index image_edit_jobs_lease on image_edit_jobs (lease_expires_at) where status = 'running';
create index image_edit_jobs_reusable on image_edit_jobs (owner, input_hash, finished_at desc)
    where status = 'succeeded' and input_hash is not null;

-- An attempt row is written when the upstream call starts, so a call whose worker died stays visible.
alter table image_edit_attempts
    add column worker text;

-- Stripe-style Idempotency-Key: one row per (owner, key); job_id is null while the first request is in flight.
create table idempotency_keys (
    owner            text        not null,
    idempotency_key  text        not null,
    request_hash     text        not null,
    job_id           uuid,
    response_status  integer,
    response_body    text,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    primary key (owner, idempotency_key)
);
create index idempotency_keys_expiry on idempotency_keys (expires_at);

-- Kafka headers for an outbox row, as a JSON object of strings (CloudEvents content type, for instance).
alter table outbox
    add column headers text;

-- Dead letters an operator re-drove, so a listing shows it and a second re-drive is refused as a no-op.
create table dead_letter_redrives (
    dlq_partition  integer     not null,
    dlq_offset     bigint      not null,
    redriven_at    timestamptz not null,
    redriven_by    text,
    primary key (dlq_partition, dlq_offset)
);
