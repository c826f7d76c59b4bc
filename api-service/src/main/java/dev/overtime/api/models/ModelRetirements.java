package dev.overtime.api.models;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.config.ModelCapabilities;
import dev.overtime.api.config.ModelRetirement;
import dev.overtime.api.config.ModelRetirement.OnSunset;
import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies the configured model retirements ({@link ModelRetirement}): which model a request runs on once its model's
 * sunset has passed, and what to tell callers before. Created at startup, so a retirement that could never work (an
 * unknown successor, {@code substitute} without one) stops the service with the keys to fix rather than surfacing
 * on the day of the sunset.
 */
@ApplicationScoped
@Startup
public class ModelRetirements {

    private final Map<String, ModelCapabilities> models;

    public ModelRetirements(ApiConfig config) {
        this.models = config.models();
        List<String> problems = problems(models);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Model retirement configuration is invalid: " + String.join("; ", problems)
                    + ". Fix these overtime.api.models.\"<model>\".* keys (OVERTIME_API_MODELS__<MODEL>__* variables).");
        }
    }

    /**
     * The model a request for {@code requested} runs on at {@code now}: itself before its sunset, its successor
     * after it when the operator chose {@code substitute} (following successors that are retired too).
     *
     * @throws ApiException {@code MODEL_RETIRED} when a retired model on the way is to be refused
     */
    public ModelChoice resolve(String requested, Instant now) {
        String model = requested;
        // Startup refused successor cycles, so this ends; the bound only guards against that check being wrong.
        for (int step = 0; step <= models.size(); step++) {
            ModelRetirement retirement = retirementOf(model);
            if (retirement == null || retirement.sunset().isEmpty() || now.isBefore(retirement.sunset().get())) {
                return new ModelChoice(model, model.equals(requested) ? null : requested);
            }
            if (retirement.onSunset() == OnSunset.REFUSE) {
                throw retired(requested, model, retirement);
            }
            model = retirement.successor().orElseThrow();
        }
        throw new IllegalStateException("successor chain of " + requested + " does not end");
    }

    /** The notice for a model that is deprecated or has a sunset; empty for others (and unknown names). */
    public Optional<ModelNotice> notice(String model) {
        ModelRetirement retirement = retirementOf(model);
        if (retirement == null || (retirement.sunset().isEmpty() && retirement.deprecatedAt().isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new ModelNotice(retirement.deprecatedAt().orElse(null), retirement.sunset().orElse(null),
                retirement.successor().orElse(null), retirement.onSunset().name().toLowerCase(Locale.ROOT),
                retirement.infoUrl().orElse(null)));
    }

    /**
     * For an answer about several models at once (a batch): the notice of the one retiring soonest, a deprecation
     * without a sunset counting last.
     */
    public Optional<ModelNotice> soonest(Collection<String> models) {
        return models.stream().distinct().map(this::notice).flatMap(Optional::stream)
                .min(Comparator.comparing(ModelNotice::sunset, Comparator.nullsLast(Comparator.naturalOrder())));
    }

    private ModelRetirement retirementOf(String model) {
        ModelCapabilities caps = models.get(model);
        return caps == null ? null : caps.retirement();
    }

    private static ApiException retired(String requested, String model, ModelRetirement retirement) {
        String what = model.equals(requested) ? "Model '" + requested + "' was retired on "
                : "Model '" + requested + "' was retired and its successor '" + model + "' on ";
        String instead = retirement.successor().map(s -> "; use '" + s + "' instead.").orElse("; it has no successor.");
        return new ApiException(ErrorCode.MODEL_RETIRED, what + retirement.sunset().orElseThrow() + instead, "model");
    }

    // Every problem at once, in model order, so one restart shows them all.
    static List<String> problems(Map<String, ModelCapabilities> models) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ModelCapabilities> entry : new TreeMap<>(models).entrySet()) {
            String model = entry.getKey();
            ModelRetirement retirement = entry.getValue().retirement();
            String key = "overtime.api.models.\"" + model + "\".";
            Optional<String> successor = retirement.successor();
            if (successor.isPresent() && successor.get().equals(model)) {
                problems.add(key + "successor names the model itself");
            } else if (successor.isPresent() && !models.containsKey(successor.get())) {
                problems.add(key + "successor '" + successor.get() + "' is not a configured model (known: "
                        + String.join(", ", new TreeMap<>(models).keySet()) + ")");
            } else if (successor.isPresent() && cycles(models, model)) {
                problems.add(key + "successor leads back to " + model + " through other successors");
            }
            if (retirement.onSunset() == OnSunset.SUBSTITUTE && successor.isEmpty()) {
                problems.add(key + "on-sunset=substitute needs a " + key + "successor");
            }
            if (retirement.deprecatedAt().isPresent() && retirement.sunset().isPresent()
                    && retirement.deprecatedAt().get().isAfter(retirement.sunset().get())) {
                problems.add(key + "deprecated-at is after its sunset");
            }
        }
        return problems;
    }

    private static boolean cycles(Map<String, ModelCapabilities> models, String start) {
        Set<String> seen = new HashSet<>();
        String model = start;
        while (model != null && seen.add(model)) {
            ModelCapabilities caps = models.get(model);
            model = caps == null ? null : caps.retirement().successor().orElse(null);
            if (Objects.equals(model, start)) {
                return true;
            }
        }
        return false;
    }
}
