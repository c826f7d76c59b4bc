-- Image bytes move to object storage (S3 API); PostgreSQL keeps what describes them: the object's key, its
-- size and SHA-256, content type and dimensions. `data` stays, nullable, only for rows written before this
-- version: the worker's ImageMover copies each into the store, checks the SHA-256 of what the store holds
-- and only then clears the column (docs/OPERATIONS.md, "Moving images out of PostgreSQL").
--
-- A row references its object through object_key; an object no row references is an orphan (a submit whose
-- transaction failed, a worker killed mid-upload) and the storage sweeper deletes it once it is an hour old.

alter table image_edit_inputs
    alter column data drop not null,
    add column object_key text,
    add column sha256 text,
    -- Set when retention deleted the object; the row stays as the job's record of what was sent.
    add column deleted_at timestamptz;

alter table image_edit_outputs
    alter column data drop not null,
    add column object_key text,
    add column sha256 text,
    add column expires_at timestamptz,
    -- Set when retention deleted the object: the job view says expired, GET answers 410 OUTPUT_EXPIRED.
    add column deleted_at timestamptz;

alter table image_edit_partial_images
    alter column data drop not null,
    add column object_key text;

-- What the mover still has to move, found without scanning every row.
create index image_edit_inputs_with_bytes on image_edit_inputs (job_id) where data is not null;
create index image_edit_outputs_with_bytes on image_edit_outputs (job_id) where data is not null;
create index image_edit_partial_images_with_bytes on image_edit_partial_images (job_id) where data is not null;
-- What retention deletes next.
create index image_edit_outputs_expiry on image_edit_outputs (expires_at) where deleted_at is null;
create index image_edit_inputs_live on image_edit_inputs (job_id) where deleted_at is null and object_key is not null;
-- The sweeper's "is this key referenced" lookups.
create index image_edit_inputs_object_key on image_edit_inputs (object_key);
create index image_edit_outputs_object_key on image_edit_outputs (object_key);
