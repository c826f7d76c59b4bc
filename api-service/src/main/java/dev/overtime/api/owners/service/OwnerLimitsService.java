package dev.overtime.api.owners.service;

import dev.overtime.api.owners.OwnerLimits;
import dev.overtime.api.owners.persistence.OwnerLimitRows;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The admin API's owner limits: read one, replace one, list the owners that have their own. */
@ApplicationScoped
public class OwnerLimitsService {

    private final OwnerLimitRows rows;
    private final OwnerLimitsCache cache;

    public OwnerLimitsService(OwnerLimitRows rows, OwnerLimitsCache cache) {
        this.rows = rows;
        this.cache = cache;
    }

    /** Every owner has limits: the defaults until an admin sets its own. */
    public OwnerLimitsView get(String owner) {
        return view(owner, rows.find(owner).orElse(null));
    }

    public OwnerLimitsView replace(String owner, LimitsChange change) {
        OwnerLimitRows.Row row = rows.replace(owner, change.maxConcurrentEdits(), change.maxQueuedJobs(),
                change.requestsPerMinute(), change.monthlyBudgetUsd(),
                change.maxPriority() == null ? null : change.maxPriority().wireName(),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        cache.put(owner, row);
        Log.infof("owner limits replaced: limitsOwner=%s maxConcurrentEdits=%s maxQueuedJobs=%s requestsPerMinute=%s"
                        + " monthlyBudgetUsd=%s maxPriority=%s", owner, row.maxConcurrentEdits(), row.maxQueuedJobs(),
                row.requestsPerMinute(), row.monthlyBudgetUsd(), row.maxPriority());
        return view(owner, row);
    }

    public List<OwnerLimitsView> list(String after, int limit) {
        return rows.list(after, limit).stream().map(row -> view(row.owner(), row)).toList();
    }

    private OwnerLimitsView view(String owner, OwnerLimitRows.Row row) {
        OwnerLimits limits = cache.withDefaults(row);
        List<String> defaults = new ArrayList<>();
        if (row == null || row.maxConcurrentEdits() == null) {
            defaults.add("maxConcurrentEdits");
        }
        if (row == null || row.maxQueuedJobs() == null) {
            defaults.add("maxQueuedJobs");
        }
        if (row == null || row.requestsPerMinute() == null) {
            defaults.add("requestsPerMinute");
        }
        if (row == null || row.monthlyBudgetUsd() == null) {
            defaults.add("monthlyBudgetUsd");
        }
        if (row == null || row.maxPriority() == null) {
            defaults.add("maxPriority");
        }
        return new OwnerLimitsView(owner, limits.maxConcurrentEdits(), limits.maxQueuedJobs(),
                limits.requestsPerMinute(), usd(limits.monthlyBudgetUsd()), limits.maxPriority().wireName(),
                List.copyOf(defaults), row == null ? null : row.updatedAt());
    }

    private static String usd(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
