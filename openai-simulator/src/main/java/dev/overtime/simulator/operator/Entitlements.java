package dev.overtime.simulator.operator;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The accounts contract's entitlements; camelCase like Overtime's own API, not OpenAI's snake_case. */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record Entitlements(String owner, String plan, long remainingCredits, List<String> allowedModels, int maxN) {
}
