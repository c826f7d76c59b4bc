-- PostgreSQL should grow by a couple of KB an edit, not more (bench/realsize.sh reports it per table). Two indexes
-- cost more than they served:
-- * object_key on inputs and outputs held the whole key, about 90 bytes a row. The orphan sweep finds what
--   references a key through the job id the key embeds (ObjectKeys.jobOf, then job_id = any(...)); only retention
--   asks whether a fetched input (image_url, stored once per content under fetched/) is still used by another row,
--   an equality a hash index answers with an entry of a few bytes. Nothing looks outputs up by key.
-- * the reuse lookup matches one SHA-256 exactly: a hash index finds those few rows with an entry of a few bytes
--   instead of owner, 64 hex characters and a timestamp; owner and age are then checked on the rows themselves.
drop index image_edit_inputs_object_key;
create index image_edit_inputs_object_key on image_edit_inputs using hash (object_key);
drop index image_edit_outputs_object_key;
drop index image_edit_jobs_reusable;
create index image_edit_jobs_reusable on image_edit_jobs using hash (input_hash)
    where status = 'succeeded' and input_hash is not null;
