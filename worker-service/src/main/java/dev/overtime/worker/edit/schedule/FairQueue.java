package dev.overtime.worker.edit.schedule;

import dev.overtime.worker.config.OwnerLimitsConfig;
import dev.overtime.worker.edit.persistence.ImageEditJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which queued edit starts next, decided in PostgreSQL so that every worker and replica agrees: owners take turns
 * (weighted round-robin), an owner never runs more than its {@code maxConcurrentEdits}, and within an owner higher
 * priority goes first, then the order of submission. docs/ARCHITECTURE.md ("Fair scheduling") explains the algorithm.
 * Every method runs inside the claim's transaction; the claims' lock and the row lock it takes hold until its commit.
 */
@ApplicationScoped
public class FairQueue {

    /** An owner with queued work below its cap, as the turn order saw it. */
    public record Turn(String owner, int cap, long running) {
    }

    private final EntityManager em;
    private final OwnerLimitsConfig defaults;

    public FairQueue(EntityManager em, OwnerLimitsConfig defaults) {
        this.em = em;
        this.defaults = defaults;
    }

    /**
     * Owners with queued work and room under their cap, whose turn is first: the fewest running edits for their
     * weight (the cap), then the one whose last edit started longest ago. Read under {@link #takeTurnOrder}, so it
     * counts every claim committed before this one. The distinct owners are found by a loose
     * index scan of image_edit_jobs_owner_queue (one index probe per owner, whatever the backlog), and each owner's
     * running edits through image_edit_jobs_owner_running. {@link #lockHead} checks the cap again, as an admin may
     * have changed it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Turn> turns(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        with recursive queued_owners(owner) as (
                            (select owner from image_edit_jobs where status = 'queued' order by owner limit 1)
                            union all
                            select (select j.owner from image_edit_jobs j
                                     where j.status = 'queued' and j.owner > q.owner order by j.owner limit 1)
                              from queued_owners q where q.owner is not null
                        ), owners as (
                            select q.owner, coalesce(l.max_concurrent_edits, :defaultCap) as cap,
                                   (select count(*) from image_edit_jobs r
                                     where r.owner = q.owner and r.status = 'running') as running,
                                   t.last_started_at
                              from queued_owners q
                              left join owner_limits l on l.owner = q.owner
                              left join owner_turns t on t.owner = q.owner
                             where q.owner is not null
                               -- Owners whose queued jobs all wait for a retry's due time are not in this round.
                               and exists (select 1 from image_edit_jobs d
                                            where d.owner = q.owner and d.status = 'queued'
                                              and (d.not_before is null or d.not_before <= now()))
                        )
                        select owner, cap, running from owners where running < cap
                         order by running::float8 / cap, last_started_at nulls first, owner
                         limit :limit""")
                .setParameter("defaultCap", defaults.maxConcurrentEdits())
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(row -> new Turn((String) row[0], ((Number) row[1]).intValue(),
                ((Number) row[2]).longValue())).toList();
    }

    /**
     * Claims take turns, across all workers and replicas, from here to their commit: the turn order above is only
     * fair if it counts the claims just made. Without this, the claims of a round's freed slots all read the same
     * snapshot and queued on the same "fewest running" owner: one owner took six of a round's 40 starts while others
     * got one, and their queue waits came out a round longer than an even share (bench/fairness.sh). A claim holds it
     * for a few milliseconds, so claims run at hundreds a second; edits last tens of seconds.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void takeTurnOrder() {
        em.createNativeQuery("select 1 from pg_advisory_xact_lock(hashtextextended('overtime.claims', 0))")
                .getSingleResult();
    }

    /**
     * The owner's head job, locked for this claim: its first due queued job, by priority then queue ticket, provided
     * the owner still runs fewer than its cap. Under {@link #takeTurnOrder} no other claim runs, so count-then-claim is
     * atomic and the cap exact; empty for an owner at its cap or with nothing due.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<ImageEditJob> lockHead(Turn turn) {
        long running = ((Number) em.createNativeQuery(
                        "select count(*) from image_edit_jobs where owner = :owner and status = 'running'")
                .setParameter("owner", turn.owner())
                .getSingleResult()).longValue();
        if (running >= currentCap(turn.owner())) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<ImageEditJob> head = em.createNativeQuery("""
                        select * from image_edit_jobs
                         where owner = :owner and status = 'queued' and (not_before is null or not_before <= now())
                         order by priority desc, queue_ticket
                         limit 1 for update skip locked""", ImageEditJob.class)
                .setParameter("owner", turn.owner())
                .getResultList();
        return head.stream().findFirst();
    }

    /** Records that one of the owner's edits started now: its turn moves to the back of the round. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void started(String owner, Instant now) {
        em.createNativeQuery("""
                        insert into owner_turns (owner, last_started_at) values (:owner, :now)
                        on conflict (owner) do update set last_started_at = excluded.last_started_at""")
                .setParameter("owner", owner)
                .setParameter("now", Timestamp.from(now))
                .executeUpdate();
    }

    // Read again under the lock: an admin may have changed it since the turn order was taken.
    private int currentCap(String owner) {
        List<?> caps = em.createNativeQuery("select max_concurrent_edits from owner_limits where owner = :owner")
                .setParameter("owner", owner)
                .getResultList();
        Object cap = caps.isEmpty() ? null : caps.getFirst();
        return cap == null ? defaults.maxConcurrentEdits() : ((Number) cap).intValue();
    }
}
