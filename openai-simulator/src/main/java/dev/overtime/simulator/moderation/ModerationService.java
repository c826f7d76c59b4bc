package dev.overtime.simulator.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.simulator.behaviour.ApiKeyCheck;
import dev.overtime.simulator.behaviour.Behaviour;
import dev.overtime.simulator.behaviour.BehaviourSettings;
import dev.overtime.simulator.behaviour.Fault;
import dev.overtime.simulator.behaviour.RequestPacer;
import dev.overtime.simulator.config.SimulatorConfig;
import dev.overtime.simulator.error.Errors;
import dev.overtime.simulator.stats.Outcome;
import dev.overtime.simulator.stats.SimulatorStats;
import dev.overtime.simulator.stats.TrackedRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Answers {@code /v1/moderations} under the moderation endpoint's own latency and faults. */
@ApplicationScoped
public class ModerationService {

    private static final String DEFAULT_MODEL = "omni-moderation-latest";

    private final ApiKeyCheck apiKeys;
    private final BehaviourSettings settings;
    private final RequestPacer pacer;
    private final ModerationClassifier classifier;
    private final SimulatorStats stats;
    private final List<String> models;

    public ModerationService(ApiKeyCheck apiKeys, BehaviourSettings settings, RequestPacer pacer,
            ModerationClassifier classifier, SimulatorStats stats, SimulatorConfig config) {
        this.apiKeys = apiKeys;
        this.settings = settings;
        this.pacer = pacer;
        this.classifier = classifier;
        this.stats = stats;
        this.models = config.moderation().models();
    }

    public Uni<ModerationResponse> moderate(String authorization, JsonNode body) {
        long arrived = System.nanoTime();
        Behaviour behaviour = settings.moderations();
        TrackedRequest tracked = TrackedRequest.start(stats.moderations());
        return tracked.around(Uni.createFrom().deferred(() -> {
            apiKeys.check(authorization);
            Optional<Fault> fault = behaviour.faults().roll();
            String model = model(body);
            pacer.failFast(fault, model);
            if (fault.filter(f -> f == Fault.HANG).isPresent()) {
                tracked.countAbandonmentAs(Outcome.HANG);
            }
            List<ModerationResponse.Result> results = classify(body, fault.filter(f -> f == Fault.MODERATION_BLOCKED).isPresent());
            ModerationResponse response = new ModerationResponse("modr-" + randomHex(), model, results);
            return pacer.hold(behaviour.latency(), fault, arrived).replaceWith(response);
        }));
    }

    private String model(JsonNode body) {
        JsonNode model = body == null ? null : body.get("model");
        if (model == null || model.isNull()) {
            return DEFAULT_MODEL;
        }
        if (!model.isTextual() || !models.contains(model.asText())) {
            throw Errors.invalidValue("model", model.asText(), models);
        }
        return model.asText();
    }

    /** A string or an array of strings gives one result per string; multi-modal objects give one result. */
    private List<ModerationResponse.Result> classify(JsonNode body, boolean forceFlag) {
        JsonNode input = body == null ? null : body.get("input");
        if (input == null || input.isNull()) {
            throw Errors.missing("input");
        }
        if (input.isTextual()) {
            return List.of(classifier.classify(List.of(input.asText()), false, forceFlag));
        }
        if (!input.isArray() || input.isEmpty()) {
            throw Errors.invalidValue("input", "Invalid 'input': expected a string, an array of strings or an array"
                    + " of input objects.");
        }
        if (input.get(0).isTextual()) {
            List<ModerationResponse.Result> results = new ArrayList<>();
            for (JsonNode text : input) {
                if (!text.isTextual()) {
                    throw Errors.invalidValue("input", "Invalid 'input': mixed strings and objects.");
                }
                results.add(classifier.classify(List.of(text.asText()), false, forceFlag));
            }
            return results;
        }
        List<String> texts = new ArrayList<>();
        boolean hasImage = false;
        for (JsonNode part : input) {
            String type = part.path("type").asText("");
            switch (type) {
                case "text" -> texts.add(part.path("text").asText(""));
                case "image_url" -> hasImage = true;
                default -> throw Errors.invalidValue("input", "Invalid 'input': each object must have type 'text' or"
                        + " 'image_url'.");
            }
        }
        return List.of(classifier.classify(texts, hasImage, forceFlag));
    }

    private static String randomHex() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
