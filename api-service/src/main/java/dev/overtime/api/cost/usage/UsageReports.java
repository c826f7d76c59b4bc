package dev.overtime.api.cost.usage;

import dev.overtime.api.cost.usage.UsageQuery.Dimension;
import dev.overtime.common.cost.Usd;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Sums an owner's billed attempts over a range from the ledger ({@code image_edit_attempts}, V18's costs). */
@ApplicationScoped
public class UsageReports {

    // A billed attempt reported usage. The owner's jobs are found through their (owner, created_at) index: a job
    // runs within days of its submit, so one created 30 days before the range can't have attempts in it.
    private static final String FROM = """
              from image_edit_attempts a join image_edit_jobs j on j.id = a.job_id
             where j.owner = :owner and j.created_at < :to and j.created_at >= cast(:from as timestamptz) - interval '30 days'
               and a.started_at >= :from and a.started_at < :to
               and (a.input_tokens > 0 or a.output_tokens > 0 or a.total_tokens > 0)""";
    private static final String SUMS = """
            count(distinct a.job_id),
            coalesce(sum(case when a.error_code is null
                              then (select count(*) from image_edit_outputs o where o.job_id = a.job_id) end), 0),
            coalesce(sum(a.input_tokens), 0), coalesce(sum(a.output_tokens), 0), coalesce(sum(a.total_tokens), 0),
            coalesce(sum(a.cost_usd), 0)""";

    private final EntityManager em;

    public UsageReports(EntityManager em) {
        this.em = em;
    }

    @Transactional
    public UsageReport of(String owner, UsageQuery query) {
        Object[] total = (Object[]) em.createNativeQuery("select " + SUMS + FROM)
                .setParameter("owner", owner).setParameter("from", query.from()).setParameter("to", query.to())
                .getSingleResult();
        UsageReport.Totals totals = new UsageReport.Totals(n(total[0]), n(total[1]), n(total[2]), n(total[3]),
                n(total[4]), Usd.format((BigDecimal) total[5]));
        List<UsageReport.Group> groups = query.groupBy().isEmpty() ? null : groups(owner, query);
        return new UsageReport("usage", query.from(), query.to(),
                query.groupBy().stream().map(Dimension::wireName).toList(), totals, groups);
    }

    private List<UsageReport.Group> groups(String owner, UsageQuery query) {
        boolean byModel = query.groupBy().contains(Dimension.MODEL);
        boolean byDay = query.groupBy().contains(Dimension.DAY);
        // The columns come from the enum, never from the request's text.
        String keys = (byModel ? "j.model" : "null") + ", "
                + (byDay ? "cast(a.started_at at time zone 'UTC' as date)" : "cast(null as date)");
        List<?> rows = em.createNativeQuery("select " + keys + ", " + SUMS + FROM + " group by 1, 2")
                .setParameter("owner", owner).setParameter("from", query.from()).setParameter("to", query.to())
                .getResultList();
        List<UsageReport.Group> groups = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            groups.add(new UsageReport.Group((String) r[0], day(r[1]), n(r[2]), n(r[3]), n(r[4]), n(r[5]), n(r[6]),
                    Usd.format((BigDecimal) r[7])));
        }
        // Sorted here, not by the database, whose collation might put "gpt-image-1.5" before "gpt-image-1-mini".
        groups.sort(Comparator.comparing(UsageReport.Group::model, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(UsageReport.Group::day, Comparator.nullsFirst(Comparator.naturalOrder())));
        return groups;
    }

    private static LocalDate day(Object value) {
        return switch (value) {
            case null -> null;
            case Date date -> date.toLocalDate();
            case LocalDate date -> date;
            default -> LocalDate.parse(value.toString());
        };
    }

    private static long n(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
