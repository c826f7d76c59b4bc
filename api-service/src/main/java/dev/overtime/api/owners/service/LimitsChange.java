package dev.overtime.api.owners.service;

import dev.overtime.api.owners.Priority;

import java.math.BigDecimal;

/** What a {@code PUT /admin/owners/{owner}/limits} sets, already checked; a null limit returns to the default. */
public record LimitsChange(Integer maxConcurrentEdits, Integer maxQueuedJobs, Integer requestsPerMinute,
                           BigDecimal monthlyBudgetUsd, Priority maxPriority) {
}
