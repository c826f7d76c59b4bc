package dev.overtime.api.cost;

import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import dev.overtime.common.cost.Usd;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Holds a submit's estimated cost against its owner's monthly budget, in the job's own transaction, so concurrent
 * submits can't overspend: they take turns on the owner's row of {@code owner_monthly_spend} for the month
 * ({@code select ... for update}), each seeing what the ones before it reserved. The worker moves a job's estimate
 * to "spent" as its attempts are billed; the V18 trigger releases what is left when the job ends, however it ends.
 */
@ApplicationScoped
public class BudgetReservations {

    private final EntityManager em;

    public BudgetReservations(EntityManager em) {
        this.em = em;
    }

    /**
     * Refuses early, before the submit stores anything, when the month is already too far gone for this estimate.
     * Reads without a lock: {@link #reserve} decides, this only spares the uploads of a submit that can't pass.
     */
    @Transactional
    public void precheck(String owner, BigDecimal budget, BigDecimal estimate) {
        Date month = month(Instant.now());
        List<?> rows = em.createNativeQuery("""
                        select spent_usd, reserved_usd from owner_monthly_spend where owner = :owner and month = :month""")
                .setParameter("owner", owner).setParameter("month", month).getResultList();
        if (!rows.isEmpty()) {
            Object[] row = (Object[]) rows.getFirst();
            refuseOver(budget, (BigDecimal) row[0], (BigDecimal) row[1], estimate, month);
        } else {
            refuseOver(budget, BigDecimal.ZERO, BigDecimal.ZERO, estimate, month);
        }
    }

    /**
     * Throws {@code BUDGET_EXCEEDED} (rolling the submit back) unless the month's spend, what is reserved and these
     * jobs' estimates stay within {@code budget}; else reserves each job's estimate on the job and on the month.
     * Call it once the jobs are written, as late in the transaction as possible: the owner's submits wait for the
     * row from here to the commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reserve(String owner, BigDecimal budget, Map<UUID, BigDecimal> estimates) {
        Date month = month(Instant.now());
        BigDecimal total = estimates.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        em.createNativeQuery("""
                        insert into owner_monthly_spend (owner, month) values (:owner, :month)
                        on conflict (owner, month) do nothing""")
                .setParameter("owner", owner).setParameter("month", month).executeUpdate();
        Object[] row = (Object[]) em.createNativeQuery("""
                        select spent_usd, reserved_usd from owner_monthly_spend
                         where owner = :owner and month = :month for update""")
                .setParameter("owner", owner).setParameter("month", month).getSingleResult();
        refuseOver(budget, (BigDecimal) row[0], (BigDecimal) row[1], total, month);
        em.createNativeQuery("""
                        update owner_monthly_spend set reserved_usd = reserved_usd + :total
                         where owner = :owner and month = :month""")
                .setParameter("total", total).setParameter("owner", owner).setParameter("month", month)
                .executeUpdate();
        // One statement for a whole batch; PostgreSQL's array text form carries the ids and amounts.
        em.createNativeQuery("""
                        update image_edit_jobs j set reserved_usd = v.usd, reserved_month = :month
                          from (select unnest(cast(:ids as uuid[])) as id, unnest(cast(:usds as numeric[])) as usd) v
                         where j.id = v.id""")
                .setParameter("month", month)
                .setParameter("ids", array(estimates.keySet().stream().map(UUID::toString).toList()))
                .setParameter("usds", array(estimates.keySet().stream()
                        .map(id -> estimates.get(id).toPlainString()).toList()))
                .executeUpdate();
    }

    private static void refuseOver(BigDecimal budget, BigDecimal spent, BigDecimal reserved, BigDecimal estimate,
                                   Date month) {
        if (spent.add(reserved).add(estimate).compareTo(budget) > 0) {
            throw new ApiException(ErrorCode.BUDGET_EXCEEDED, "This edit would take the month's spend over its"
                    + " budget: the budget for " + YearMonth.from(month.toLocalDate()) + " is $" + Usd.format(budget)
                    + ", $" + Usd.format(spent) + " is spent and $" + Usd.format(reserved)
                    + " reserved by edits still running, and this edit is estimated at $" + Usd.format(estimate)
                    + ".");
        }
    }

    private static String array(List<String> values) {
        return values.stream().collect(Collectors.joining(",", "{", "}"));
    }

    static Date month(Instant at) {
        return Date.valueOf(YearMonth.from(at.atZone(ZoneOffset.UTC)).atDay(1));
    }
}
