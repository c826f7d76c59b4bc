package dev.overtime.worker.cost;

import dev.overtime.common.cost.PricesConfig;
import dev.overtime.common.TokenUsage;
import dev.overtime.common.cost.JobCost;
import dev.overtime.common.cost.PriceTable;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Prices billed attempts and books their cost: onto the job's total and onto its owner's month, moving as much of
 * the job's reserved estimate from "reserved" to "spent" (settlement; what is left is released when the job ends,
 * by the V18 trigger). Always inside the transaction that closes the attempt.
 */
@ApplicationScoped
public class CostLedger {

    private final EntityManager em;
    private final PriceTable prices;

    public CostLedger(EntityManager em, PricesConfig config) {
        this.em = em;
        this.prices = config.table();
    }

    /** An attempt's cost and the price table version it was priced at. */
    public record Priced(BigDecimal usd, LocalDate priceVersion) {
    }

    /**
     * The cost of an attempt of {@code model} that started at {@code ranAt}: empty when it reported no usage (OpenAI
     * bills nothing then) or its model has no price (logged: an operator must add one).
     */
    public Optional<Priced> price(String model, Instant ranAt, TokenUsage usage) {
        if (usage == null || !usage.billable()) {
            return Optional.empty();
        }
        Optional<PriceTable.Price> price = prices.at(model, ranAt);
        if (price.isEmpty()) {
            Log.warnf("no price for a billed attempt: model=%s ranAt=%s; add it to overtime.prices", model, ranAt);
            return Optional.empty();
        }
        return Optional.of(new Priced(price.get().rates().cost(usage), price.get().version()));
    }

    /**
     * Adds {@code usd} to the job's cost and to its owner's spend in the month the attempt ran. The job row is
     * locked first, then the month's row: the order every other writer of both follows.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void book(UUID jobId, BigDecimal usd, Instant ranAt) {
        List<?> rows = em.createNativeQuery("""
                        select owner, reserved_usd, reserved_month from image_edit_jobs where id = :id for update""")
                .setParameter("id", jobId).getResultList();
        if (rows.isEmpty()) {
            return;
        }
        Object[] job = (Object[]) rows.getFirst();
        String owner = (String) job[0];
        BigDecimal reserved = (BigDecimal) job[1];
        // The estimate stops being held as soon as real cost replaces it; beyond the estimate it is spend only.
        BigDecimal settled = reserved.min(usd);
        em.createNativeQuery("""
                        update image_edit_jobs
                           set cost_usd = cost_usd + :usd, billed_attempts = billed_attempts + 1,
                               reserved_usd = reserved_usd - :settled, version = version + 1
                         where id = :id""")
                .setParameter("usd", usd).setParameter("settled", settled).setParameter("id", jobId)
                .executeUpdate();
        em.createNativeQuery("""
                        insert into owner_monthly_spend (owner, month, spent_usd) values (:owner, :month, :usd)
                        on conflict (owner, month) do update set spent_usd = owner_monthly_spend.spent_usd + :usd""")
                .setParameter("owner", owner).setParameter("month", month(ranAt)).setParameter("usd", usd)
                .executeUpdate();
        if (settled.signum() > 0) {
            em.createNativeQuery("""
                            update owner_monthly_spend set reserved_usd = greatest(reserved_usd - :settled, 0)
                             where owner = :owner and month = :month""")
                    .setParameter("settled", settled).setParameter("owner", owner).setParameter("month", job[2])
                    .executeUpdate();
        }
    }

    /** What the job has cost so far, for its finished event. */
    @Transactional(Transactional.TxType.MANDATORY)
    public JobCost of(UUID jobId) {
        List<?> rows = em.createNativeQuery("select cost_usd, billed_attempts from image_edit_jobs where id = :id")
                .setParameter("id", jobId).getResultList();
        if (rows.isEmpty()) {
            return JobCost.of(BigDecimal.ZERO, 0);
        }
        Object[] row = (Object[]) rows.getFirst();
        return JobCost.of((BigDecimal) row[0], ((Number) row[1]).intValue());
    }

    static Date month(Instant at) {
        return Date.valueOf(YearMonth.from(at.atZone(ZoneOffset.UTC)).atDay(1));
    }
}
