package dev.overtime.api.cost;

import java.math.BigDecimal;
import java.util.Optional;

/** An owner's monthly budget in US dollars, where budgets come from; empty means unlimited. */
public interface OwnerBudgets {

    Optional<BigDecimal> monthlyBudgetUsd(String owner);
}
