-- Digests as their 32 bytes, not 64 hex characters (bench/realsize.sh: PostgreSQL grew 2,154 B an edit, over the
-- storage issue's 2 KB). Five digests an edit (two inputs, two outputs, the reuse fingerprint) were 65 bytes each
-- and are now 33. The services still speak lowercase hex: entities convert with a column transformer, native
-- queries with encode/decode. A value that is not 64 hex digits (none was ever written) would stop the migration
-- rather than be lost.
alter table image_edit_inputs alter column sha256 type bytea using decode(sha256, 'hex');
alter table image_edit_outputs alter column sha256 type bytea using decode(sha256, 'hex');
alter table image_edit_output_variants alter column sha256 type bytea using decode(sha256, 'hex');
alter table input_url_fetches alter column sha256 type bytea using decode(sha256, 'hex');
-- The reuse index hashes the value, so it is rebuilt by the type change and stays as small as it was.
alter table image_edit_jobs alter column input_hash type bytea using decode(input_hash, 'hex');

alter table image_edit_inputs add constraint image_edit_inputs_sha256_length check (octet_length(sha256) = 32);
alter table image_edit_outputs add constraint image_edit_outputs_sha256_length check (octet_length(sha256) = 32);
alter table image_edit_output_variants
    add constraint image_edit_output_variants_sha256_length check (octet_length(sha256) = 32);
alter table input_url_fetches add constraint input_url_fetches_sha256_length check (octet_length(sha256) = 32);
alter table image_edit_jobs add constraint image_edit_jobs_input_hash_length check (octet_length(input_hash) = 32);
