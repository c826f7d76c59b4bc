-- PostgreSQL should keep about 2 KB an edit (bench/realsize.sh measured 2.3). Three things it kept that it
-- does not need:
-- * An uploaded input's and an output's object key are made from the row's own key (ObjectKeys: inputs/<job>/
--   <role>-<position>, outputs/<job>/<attempt>/<position>); storing them took about 50 bytes a row, four rows an
--   edit. From here on object_key is null for them and readers derive it; an output records the attempt that
--   wrote it instead. A stored key still wins: rows written before this version keep theirs, and a fetched input
--   (content-addressed, fetched/sha256/<hex>) or a row the bytea mover moved always has one.
-- * The hash index on inputs' keys answers one question, "does another row still use this fetched input?", so it
--   now holds only the rows that have a stored key.
-- * image_edit_inputs_live (job_id, for rows not yet deleted) served no query: retention finds inputs through
--   their jobs, everything else through the primary key.
alter table image_edit_outputs add column attempt smallint;

drop index image_edit_inputs_object_key;
create index image_edit_inputs_object_key on image_edit_inputs using hash (object_key) where object_key is not null;

drop index image_edit_inputs_live;
