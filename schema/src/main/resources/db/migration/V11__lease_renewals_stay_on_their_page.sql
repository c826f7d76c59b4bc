-- Lease renewals rewrite every running job's lease_expires_at each sweep interval. While that column was in an
-- index (image_edit_jobs_lease) every renewal was a non-HOT update: a new tuple plus a new entry in each of the
-- table's indexes, bloat that only vacuum reclaims (the realsize bench saw PostgreSQL grow by several KB an edit).
-- Running jobs are few (bounded by the workers' concurrency), so the reaper reads them all through an index that
-- leaves the lease out and filters on it; a renewal then changes no indexed column and stays on its page (HOT),
-- for which the fill factor keeps room.
drop index image_edit_jobs_lease;
create index image_edit_jobs_running on image_edit_jobs (lease_owner) where status = 'running';
alter table image_edit_jobs set (fillfactor = 80);
