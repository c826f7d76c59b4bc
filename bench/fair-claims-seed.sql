-- Data for the fair claim's EXPLAIN in docs/BENCHMARKS.md ("Fair scheduling"): run it on an empty database after
-- the migrations (schema/src/main/resources/db/migration, V1..), then the statements of worker FairQueue and API
-- QueueRoom under EXPLAIN (ANALYZE, BUFFERS), after VACUUM ANALYZE. A throwaway database: it writes 62,000 rows.
-- A 10,000-job backlog for one owner, 100 queued for each of 19 others, 20 running for the big one.
insert into image_edit_jobs (id, owner, status, model, prompt, n, size, created_at, updated_at, priority)
select gen_random_uuid(), 'big', 'queued', 'gpt-image-1', 'p', 1, 'auto', now(), now(), (g % 3)
  from generate_series(1, 10000) g;
insert into image_edit_jobs (id, owner, status, model, prompt, n, size, created_at, updated_at)
select gen_random_uuid(), 'small-' || (g % 19), 'queued', 'gpt-image-1', 'p', 1, 'auto', now(), now()
  from generate_series(1, 1900) g;
insert into image_edit_jobs (id, owner, status, model, prompt, n, size, created_at, updated_at, lease_owner)
select gen_random_uuid(), 'big', 'running', 'gpt-image-1', 'p', 1, 'auto', now(), now(), 'w1'
  from generate_series(1, 20) g;
-- Finished history, as a real table has.
insert into image_edit_jobs (id, owner, status, model, prompt, n, size, created_at, updated_at)
select gen_random_uuid(), 'small-' || (g % 19), 'succeeded', 'gpt-image-1', 'p', 1, 'auto', now(), now()
  from generate_series(1, 50000) g;
insert into owner_limits (owner, max_concurrent_edits, created_at, updated_at) values ('big', 20, now(), now());
analyze;
