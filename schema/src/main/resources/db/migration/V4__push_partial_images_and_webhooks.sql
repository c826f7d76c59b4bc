-- Push features (issue 5): partial images requested per job, and signed webhooks with a delivery log.

-- 0 (the default) means the caller asked for no partial images; 1-3 asks the worker to stream that many.
alter table image_edit_jobs add column partial_images integer not null default 0
    check (partial_images between 0 and 3);

-- Partial images streamed by the upstream while a job runs; written by the worker, served by the API.
create table image_edit_partial_images (
    job_id        uuid        not null references image_edit_jobs (id) on delete cascade,
    position      integer     not null,
    content_type  text        not null,
    size_bytes    integer     not null,
    data          bytea       not null,
    created_at    timestamptz not null,
    primary key (job_id, position)
);

-- Per-owner signing secrets ("whsec_" + base64). Several rows are active while a secret is rotated,
-- so receivers can switch over at their own pace; expires_at ends the grace period of an old one.
create table webhook_secrets (
    id          uuid        primary key,
    owner       text        not null,
    secret      text        not null,
    created_at  timestamptz not null,
    expires_at  timestamptz
);
create index webhook_secrets_owner on webhook_secrets (owner, created_at desc);

-- A job's webhook: where to deliver and which events. disabled_at is set when the receiver answered 410 Gone.
create table image_edit_webhooks (
    job_id       uuid        primary key references image_edit_jobs (id) on delete cascade,
    owner        text        not null,
    url          text        not null,
    events       text        not null,
    created_at   timestamptz not null,
    disabled_at  timestamptz
);

-- One row per message to deliver; attempts are retried with backoff until next_attempt_at passes give_up_at.
create table webhook_deliveries (
    id               text        primary key,
    job_id           uuid        not null references image_edit_jobs (id) on delete cascade,
    event_type       text        not null,
    payload          text        not null,
    status           text        not null check (status in ('pending', 'delivered', 'failed', 'disabled')),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz,
    give_up_at       timestamptz not null,
    last_status      integer,
    last_error       text,
    created_at       timestamptz not null,
    delivered_at     timestamptz
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_job on webhook_deliveries (job_id, created_at);

-- One row per HTTP attempt, shown to the caller as the job's delivery log.
create table webhook_delivery_attempts (
    delivery_id   text        not null references webhook_deliveries (id) on delete cascade,
    attempt       integer     not null,
    attempted_at  timestamptz not null,
    http_status   integer,
    error         text,
    duration_ms   bigint      not null,
    primary key (delivery_id, attempt)
);
