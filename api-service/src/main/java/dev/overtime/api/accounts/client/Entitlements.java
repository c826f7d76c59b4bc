package dev.overtime.api.accounts.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** What an owner's plan allows: checked at submit. An empty {@code allowedModels} allows every model. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Entitlements(String owner, String plan, long remainingCredits, List<String> allowedModels, int maxN) {

    public boolean allows(String model) {
        return allowedModels == null || allowedModels.isEmpty() || allowedModels.contains(model);
    }
}
