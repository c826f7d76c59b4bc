-- Overtime's schema, shared by api-service (writes jobs and inputs) and worker-service
-- (writes status, attempts and outputs). Both run Flyway at start; Flyway serialises them
-- with an advisory lock, so whichever starts first migrates.

create table api_keys (
    id          uuid primary key,
    owner       text        not null,
    -- SHA-256 of the full key, hex; the key itself is shown once and never stored.
    key_hash    text        not null unique,
    -- First characters of the key, so an operator can tell keys apart in listings.
    key_prefix  text        not null,
    created_at  timestamptz not null,
    revoked_at  timestamptz
);
create index api_keys_owner on api_keys (owner);

create table image_edit_jobs (
    id                 uuid primary key,
    owner              text        not null,
    status             text        not null
        check (status in ('queued', 'running', 'succeeded', 'failed', 'canceled')),
    model              text        not null,
    prompt             text        not null,
    n                  integer     not null,
    size               text        not null,
    quality            text,
    background         text,
    output_format      text,
    output_compression integer,
    input_fidelity     text,
    end_user           text,
    request_id         text,
    attempts           integer     not null default 0,
    error_code         text,
    error_message      text,
    input_tokens       bigint,
    output_tokens      bigint,
    total_tokens       bigint,
    created_at         timestamptz not null,
    started_at         timestamptz,
    finished_at        timestamptz,
    updated_at         timestamptz not null,
    -- Bumped on every change; the API derives ETags from it.
    version            bigint      not null default 0
);
-- The caller's listing, newest first, with (created_at, id) as the cursor.
create index image_edit_jobs_owner_created on image_edit_jobs (owner, created_at desc, id desc);
create index image_edit_jobs_unfinished on image_edit_jobs (status) where status in ('queued', 'running');

-- Uploaded files: role 'image' (position 0..15) or 'mask' (position 0).
create table image_edit_inputs (
    job_id        uuid    not null references image_edit_jobs (id) on delete cascade,
    role          text    not null check (role in ('image', 'mask')),
    position      integer not null,
    filename      text    not null,
    content_type  text    not null,
    width         integer not null,
    height        integer not null,
    size_bytes    integer not null,
    data          bytea   not null,
    primary key (job_id, role, position)
);

create table image_edit_outputs (
    job_id        uuid    not null references image_edit_jobs (id) on delete cascade,
    position      integer not null,
    content_type  text    not null,
    width         integer not null,
    height        integer not null,
    size_bytes    integer not null,
    data          bytea   not null,
    created_at    timestamptz not null,
    primary key (job_id, position)
);

-- One row per upstream call, kept for operators and shown to the caller.
create table image_edit_attempts (
    job_id              uuid        not null references image_edit_jobs (id) on delete cascade,
    attempt             integer     not null,
    started_at          timestamptz not null,
    duration_ms         bigint,
    http_status         integer,
    upstream_request_id text,
    error_code          text,
    input_tokens        bigint,
    output_tokens       bigint,
    total_tokens        bigint,
    primary key (job_id, attempt)
);

-- Transactional outbox: a row is written in the same transaction as the state it announces,
-- and a relay publishes it to Kafka afterwards, so a committed job is never left unannounced.
create table outbox (
    id            bigserial   primary key,
    topic         text        not null,
    record_key    text        not null,
    payload       text        not null,
    created_at    timestamptz not null,
    published_at  timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;
