package dev.overtime.api.owners.service;

import dev.overtime.api.cost.OwnerBudgets;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * An owner's monthly budget is one of its limits: {@code monthlyBudgetUsd} set through
 * {@code PUT /admin/owners/{owner}/limits}, else {@code overtime.limits.monthly-budget-usd}, else none. Read through
 * the limits cache like the other limits, so a submit costs no extra query.
 */
@ApplicationScoped
public class OwnerLimitBudgets implements OwnerBudgets {

    private final OwnerLimitsCache limits;

    public OwnerLimitBudgets(OwnerLimitsCache limits) {
        this.limits = limits;
    }

    @Override
    public Optional<BigDecimal> monthlyBudgetUsd(String owner) {
        return Optional.ofNullable(limits.of(owner).monthlyBudgetUsd());
    }
}
