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
