package dev.overtime.api.accounts.service;

import dev.overtime.api.accounts.client.Entitlements;
import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;

/** What a plan allows, checked before anything is stored or moderated. */
public final class EntitlementRules {

    private EntitlementRules() {
    }

    public static void check(Entitlements plan, String model, int n) {
        if (!plan.allows(model)) {
            throw new ApiException(ErrorCode.NOT_ENTITLED,
                    "The plan '" + plan.plan() + "' does not include the model '" + model + "'.", "model");
        }
        if (n > plan.maxN()) {
            throw new ApiException(ErrorCode.NOT_ENTITLED,
                    "The plan '" + plan.plan() + "' allows at most " + plan.maxN() + " images per edit.", "n");
        }
        if (plan.remainingCredits() < n) {
            throw new ApiException(ErrorCode.CREDITS_EXHAUSTED,
                    "The plan '" + plan.plan() + "' has " + plan.remainingCredits() + " credits left; this edit needs " + n + ".");
        }
    }
}
