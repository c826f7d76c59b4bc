-- Batches of image edits (POST /v1/image-edit-batches; issue #15). A batch is a row of its own and its items are
-- ordinary jobs carrying batch_id and their index in it, so every way to follow a job works for an item.
-- status: running until every item ended, then completed; canceled once the caller canceled it. completed_at is
-- set when its last item ended (also for a canceled batch): that is when the batch's completed event is written.
create table image_edit_batches (
    id            uuid        primary key,
    owner         text        not null,
    status        text        not null check (status in ('running', 'completed', 'canceled')),
    item_count    integer     not null,
    metadata      text,
    request_id    text,
    created_at    timestamptz not null,
    completed_at  timestamptz,
    updated_at    timestamptz not null,
    version       bigint      not null default 0
);
create index image_edit_batches_owner on image_edit_batches (owner, created_at desc, id desc);
-- What the worker's completion sweep looks at: batches whose last item may just have ended.
create index image_edit_batches_open on image_edit_batches (created_at) where completed_at is null;

alter table image_edit_jobs
    add column batch_id uuid references image_edit_batches (id),
    add column batch_index integer;
create unique index image_edit_jobs_batch_items on image_edit_jobs (batch_id, batch_index) where batch_id is not null;

-- Output variants (issue #15): sized and re-encoded copies of each output the caller asked for with `variants`
-- ("256.png,1024.jpg": longest side in pixels, never upscaled), made by the worker after the upstream call and
-- stored beside the output under variants/<job>/<attempt>/<position>/<name>. Retention expires them with their
-- output: the same expires_at, the object deleted and the row kept with deleted_at.
alter table image_edit_jobs
    add column variants text;

create table image_edit_output_variants (
    job_id        uuid        not null references image_edit_jobs (id) on delete cascade,
    position      integer     not null,
    name          text        not null,
    content_type  text        not null,
    width         integer     not null,
    height        integer     not null,
    size_bytes    integer     not null,
    object_key    text        not null,
    sha256        text        not null,
    expires_at    timestamptz,
    deleted_at    timestamptz,
    primary key (job_id, position, name)
);
create index image_edit_output_variants_expiry on image_edit_output_variants (expires_at) where deleted_at is null;
create index image_edit_output_variants_object_key on image_edit_output_variants (object_key);
