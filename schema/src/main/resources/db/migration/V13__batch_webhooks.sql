-- Batch webhooks (issue #15): a batch's `webhook` is told `batch.completed` once its last item ended. The batch's
-- subscription is a row of its own (a job's stays in image_edit_webhooks), and a delivery is about exactly one job
-- or one batch: the same outbox, dispatcher, per-owner slots, retries and delivery log serve both.
create table image_edit_batch_webhooks (
    batch_id     uuid        primary key references image_edit_batches (id) on delete cascade,
    owner        text        not null,
    url          text        not null,
    created_at   timestamptz not null,
    disabled_at  timestamptz
);

alter table webhook_deliveries
    alter column job_id drop not null,
    add column batch_id uuid references image_edit_batches (id) on delete cascade,
    add constraint webhook_deliveries_one_subject check (num_nonnulls(job_id, batch_id) = 1);
create index webhook_deliveries_batch on webhook_deliveries (batch_id, created_at) where batch_id is not null;
