package dev.overtime.api.owners.service;

import dev.overtime.api.accounts.client.EntitlementGrant;
import dev.overtime.api.accounts.service.CreditReservations;
import dev.overtime.api.cost.BudgetReservations;
import dev.overtime.api.cost.CostEstimates;
import dev.overtime.api.cost.OwnerBudgets;
import dev.overtime.api.imageedit.validation.EditRequest;
import dev.overtime.api.owners.OwnerLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a submit (one edit or a batch) holds for its owner until its commit: the monthly budget's share, the plan's
 * credits and places in the owner's queue. Each is taken under its own per-owner lock, always in this order (budget,
 * credits, queue), so an edit and a batch of the same owner never deadlock; each refuses the whole submit, rolling
 * it back, when it does not fit.
 */
@ApplicationScoped
public class OwnerReservations {

    /** The owner's monthly budget and the estimated cost of each edit of the submit, in its order. */
    public record Budget(BigDecimal usd, List<BigDecimal> estimates) {
    }

    private final OwnerBudgets budgets;
    private final CostEstimates costs;
    private final BudgetReservations budgetReservations;
    private final CreditReservations credits;
    private final QueueRoom queueRoom;

    public OwnerReservations(OwnerBudgets budgets, CostEstimates costs, BudgetReservations budgetReservations,
                             CreditReservations credits, QueueRoom queueRoom) {
        this.budgets = budgets;
        this.costs = costs;
        this.budgetReservations = budgetReservations;
        this.credits = credits;
        this.queueRoom = queueRoom;
    }

    /**
     * Before anything is stored: refuses ({@code 402 BUDGET_EXCEEDED}) edits the owner's budget can't cover as it
     * stands; empty when the owner has no budget. {@link #reserve} decides for good.
     */
    public Optional<Budget> precheckBudget(String owner, List<EditRequest> requests) {
        Optional<BigDecimal> usd = budgets.monthlyBudgetUsd(owner);
        if (usd.isEmpty()) {
            return Optional.empty();
        }
        Budget budget = new Budget(usd.get(), requests.stream().map(costs::of).toList());
        budgetReservations.precheck(owner, budget.usd(),
                budget.estimates().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        return Optional.of(budget);
    }

    /**
     * In the submit's transaction, once its jobs are written, as late as possible: the owner's submits take turns
     * from the first lock to the commit. {@code jobIds} in the order of the budget's estimates; {@code credits} the
     * sum of their {@code n}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reserve(String owner, Optional<Budget> budget, List<UUID> jobIds, EntitlementGrant entitlements,
                        int creditsNeeded, OwnerLimits limits) {
        if (budget.isPresent()) {
            Map<UUID, BigDecimal> estimates = new HashMap<>();
            for (int i = 0; i < jobIds.size(); i++) {
                estimates.put(jobIds.get(i), budget.get().estimates().get(i));
            }
            budgetReservations.reserve(owner, budget.get().usd(), estimates);
        }
        if (entitlements.enforced()) {
            credits.reserve(owner, entitlements.entitlements(), creditsNeeded);
        }
        queueRoom.check(owner, limits.maxQueuedJobs());
    }
}
