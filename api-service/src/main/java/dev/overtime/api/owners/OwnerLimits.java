package dev.overtime.api.owners;

import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;

import java.math.BigDecimal;

/**
 * One owner's limits in effect: what {@code owner_limits} holds for it, the configured default
 * ({@code overtime.limits}) for every limit it holds none of. {@code monthlyBudgetUsd} may be null (no budget).
 */
public record OwnerLimits(int maxConcurrentEdits, int maxQueuedJobs, int requestsPerMinute,
                          BigDecimal monthlyBudgetUsd, Priority maxPriority) {

    /**
     * The priority a submit runs at: the one it asked for, or {@code normal} (at most the owner's cap) when it asked
     * for none; {@code 403 PRIORITY_NOT_ALLOWED} when it asked for more than the cap.
     */
    public Priority priorityFor(Priority requested) {
        if (requested == null) {
            return Priority.NORMAL.isAbove(maxPriority) ? maxPriority : Priority.NORMAL;
        }
        if (requested.isAbove(maxPriority)) {
            throw new ApiException(ErrorCode.PRIORITY_NOT_ALLOWED, "This account may submit at priority "
                    + maxPriority.wireName() + " at most; got " + requested.wireName() + ".", "priority");
        }
        return requested;
    }
}
