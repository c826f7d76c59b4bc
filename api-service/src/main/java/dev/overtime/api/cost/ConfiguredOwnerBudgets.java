package dev.overtime.api.cost;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One budget for every owner, {@code overtime.limits.monthly-budget-usd} (unset: unlimited). A stand-in until
 * owners' own limits ({@code PUT /admin/owners/{owner}/limits}) back {@link OwnerBudgets}; a bean of that type
 * replaces this default one.
 */
@DefaultBean
@ApplicationScoped
public class ConfiguredOwnerBudgets implements OwnerBudgets {

    private final Optional<BigDecimal> budget;

    public ConfiguredOwnerBudgets(
            @ConfigProperty(name = "overtime.limits.monthly-budget-usd") Optional<BigDecimal> budget) {
        this.budget = budget;
    }

    @Override
    public Optional<BigDecimal> monthlyBudgetUsd(String owner) {
        return budget;
    }
}
