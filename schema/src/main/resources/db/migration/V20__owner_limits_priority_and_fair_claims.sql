-- Fair and priced (issue #16): owner limits, priority, and what the worker's fair claim reads.
--
-- An owner's limits, set through PUT /admin/owners/{owner}/limits. A null column means "the configured default"
-- (overtime.limits.*), so changing a default reaches every owner that never had that limit set.
create table owner_limits (
    owner                 text        primary key,
    max_concurrent_edits  integer     check (max_concurrent_edits between 1 and 100000),
    max_queued_jobs       integer     check (max_queued_jobs between 1 and 10000000),
    requests_per_minute   integer     check (requests_per_minute between 1 and 10000000),
    -- Stored and returned here; what spends it is the cost ledger's business.
    monthly_budget_usd    numeric(14, 2) check (monthly_budget_usd >= 0),
    max_priority          text        check (max_priority in ('low', 'normal', 'high')),
    created_at            timestamptz not null,
    updated_at            timestamptz not null
);

-- 0 low, 1 normal, 2 high; within an owner, higher priority starts first. Jobs stored before are normal.
alter table image_edit_jobs add column priority smallint not null default 1 check (priority between 0 and 2);

-- An owner's queue in the order its edits start: the worker's claim takes the first due row of one owner, and walks
-- the distinct owners with queued work by skipping through the leading column (a loose index scan). A submit counts
-- the owner's queued jobs for maxQueuedJobs on it too.
create index image_edit_jobs_owner_queue on image_edit_jobs (owner, priority desc, queue_ticket)
    where status = 'queued';
-- How many edits an owner runs right now, counted under the owner's claim lock (maxConcurrentEdits).
create index image_edit_jobs_owner_running on image_edit_jobs (owner) where status = 'running';

-- When each owner last had an edit started: among owners equally far below their share, the one that waited
-- longest goes first (the round in round-robin). One row per owner that ever ran an edit.
create table owner_turns (
    owner            text        primary key,
    last_started_at  timestamptz not null
);
