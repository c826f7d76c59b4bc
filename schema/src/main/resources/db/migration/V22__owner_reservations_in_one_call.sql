-- An owner's submits take turns on two transaction-scoped advisory locks (credits, queue places) held to their
-- commit, so the fewer round trips a turn makes, the more of one owner's submits get through: on two loaded cores
-- every round trip also waits for its thread to be scheduled again (bench/hotpaths.sh, one owner: ~30 submits/s
-- with six round trips from the first lock to the commit). Each check is now one call: the lock, then its reads and
-- writes. Each statement of a volatile function takes a fresh snapshot, so what the previous holder committed while
-- this one waited for the lock is counted, as it was with separate statements. The lock keys are the ones the API
-- took itself before this version, so replicas of both versions still exclude each other during a rolling update.

-- Reserves p_needed credits unless the owner's reservations younger than p_cutoff leave less than that of
-- p_remaining; drops the older ones. Returns what was reserved before this call.
create function reserve_credits(p_owner text, p_needed bigint, p_remaining bigint, p_cutoff timestamptz,
                                p_slice timestamptz) returns bigint
    language plpgsql volatile as $$
declare
    v_reserved bigint;
begin
    perform pg_advisory_xact_lock(hashtextextended('overtime.credits:' || p_owner, 0));
    delete from credit_reservations where owner = p_owner and slice_start <= p_cutoff;
    select coalesce(sum(reserved), 0) into v_reserved from credit_reservations where owner = p_owner;
    if p_remaining - v_reserved >= p_needed then
        insert into credit_reservations (owner, slice_start, reserved) values (p_owner, p_slice, p_needed)
        on conflict (owner, slice_start) do update set reserved = credit_reservations.reserved + excluded.reserved;
    end if;
    return v_reserved;
end $$;

-- The owner's queued jobs, counted up to p_limit, under the owner's queue lock.
create function count_queued_jobs(p_owner text, p_limit int) returns bigint
    language plpgsql volatile as $$
declare
    v_queued bigint;
begin
    perform pg_advisory_xact_lock(hashtextextended('overtime.queue:' || p_owner, 0));
    select count(*) into v_queued
      from (select 1 from image_edit_jobs where owner = p_owner and status = 'queued' limit p_limit) q;
    return v_queued;
end $$;
