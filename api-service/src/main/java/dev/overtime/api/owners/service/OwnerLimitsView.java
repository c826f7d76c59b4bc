package dev.overtime.api.owners.service;

import java.time.Instant;
import java.util.List;

/**
 * An owner's limits as the admin API shows them: every limit in effect, {@code defaults} naming those that come from
 * configuration ({@code overtime.limits.*}) rather than from the owner's own row. {@code monthlyBudgetUsd} is a
 * decimal string ("250.00") or null; {@code updatedAt} is null for an owner never PUT.
 */
public record OwnerLimitsView(String owner, int maxConcurrentEdits, int maxQueuedJobs, int requestsPerMinute,
                              String monthlyBudgetUsd, String maxPriority, List<String> defaults,
                              Instant updatedAt) {
}
