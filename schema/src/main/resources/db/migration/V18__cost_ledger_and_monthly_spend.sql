-- Cost ledger and monthly budgets (issue #16). Amounts are US dollars as exact numerics, never floats.
--
-- Each upstream attempt is priced from its usage at the price table version in force when it ran (the worker's
-- cost.AttemptPricing): the split of its input tokens (text / image, OpenAI's input_tokens_details), the cost, and
-- the version's effective date. An attempt without usage (refused, timed out, failed before generating) costs 0
-- and is not counted as billed.
alter table image_edit_attempts
    add column input_text_tokens  bigint,
    add column input_image_tokens bigint,
    add column cost_usd           numeric check (cost_usd >= 0),
    add column price_version      date;

-- A job's running total over its attempts, and what it still holds of the estimate reserved at submit.
-- reserved_month says which owner_monthly_spend row holds the reservation (the month it was submitted in).
alter table image_edit_jobs
    add column cost_usd        numeric not null default 0 check (cost_usd >= 0),
    add column billed_attempts integer not null default 0,
    add column reserved_usd    numeric not null default 0 check (reserved_usd >= 0),
    add column reserved_month  date;

-- An owner's month (UTC) in one row, so a submit reads and locks one row instead of summing jobs (issue #13):
-- spent_usd is what billed attempts that ran in the month cost; reserved_usd is what unfinished jobs submitted in
-- the month may still cost. A submit locks the row (select ... for update), refuses with 402 BUDGET_EXCEEDED when
-- spent + reserved + its estimate passes the budget, else adds its estimate, all in the job's own transaction.
create table owner_monthly_spend (
    owner        text    not null,
    month        date    not null check (extract(day from month) = 1),
    spent_usd    numeric not null default 0 check (spent_usd >= 0),
    reserved_usd numeric not null default 0 check (reserved_usd >= 0),
    primary key (owner, month)
);

-- Settlement, part two: whatever a job still holds of its estimate goes back to its month when the job ends,
-- whichever service ends it and however (succeeded, failed, canceled by its owner, a batch cancel, its deadline,
-- the sweeper). A trigger rather than a call in each of those paths: none of them can forget it, and it commits
-- with the transition itself. (Part one, moving the estimate to spent as attempts are billed, is the worker's.)
-- Lock order is job row, then spend row, as everywhere else (the submit locks the spend row after inserting its
-- job, which no one else can lock yet).
create function release_job_reservation() returns trigger language plpgsql as $$
begin
    if new.status in ('succeeded', 'failed', 'canceled') and new.reserved_usd > 0 then
        update owner_monthly_spend
           set reserved_usd = greatest(reserved_usd - new.reserved_usd, 0)
         where owner = new.owner and month = new.reserved_month;
        new.reserved_usd := 0;
    end if;
    return new;
end
$$;

create trigger image_edit_jobs_release_reservation
    before update of status on image_edit_jobs
    for each row
    when (new.status in ('succeeded', 'failed', 'canceled'))
    execute function release_job_reservation();
