package dev.overtime.simulator.config;

import dev.overtime.simulator.behaviour.Faults;
import dev.overtime.simulator.behaviour.Latency;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Everything the simulator can be told at start-up, under {@code overtime.simulator.*}. */
@ConfigMapping(prefix = "overtime.simulator")
public interface SimulatorConfig {

    /** Delay before an image edit answers: {@code 0s}, {@code 250ms}, {@code 8s} or {@code 30s-90s}. */
    @WithDefault("0s")
    @WithConverter(LatencyConverter.class)
    Latency latency();

    /** Per-request fault probabilities for image edits, e.g. {@code rate_limit=0.2,server_error=0.05}. */
    @WithDefault("none")
    @WithConverter(FaultsConverter.class)
    Faults faults();

    /** When set, requests must carry exactly this bearer token; otherwise any bearer token is accepted. */
    Optional<String> apiKey();

    /** How long a request hit by the {@code hang} fault is held before the simulator gives up on it. */
    @WithDefault("10m")
    Duration hangDuration();

    /** Threads that decode and encode images; CPU-bound, so the processor count by default. */
    OptionalInt renderThreads();

    /**
     * Memory for decoded input images kept by content digest, so a picture edited with many prompts is decoded
     * once: the simulator stands in for OpenAI's servers but shares our machine. {@code 0} decodes every upload.
     */
    @WithDefault("32M")
    MemorySize decodeCache();

    /** Model used when a request names none. */
    @WithDefault("gpt-image-1.5")
    String defaultModel();

    /** The image models the simulator knows, keyed by name, with the rules OpenAI applies to each. */
    Map<String, ModelRules> models();

    Moderation moderation();

    /** Stands in for the operator's account service (docs/contracts/accounts-openapi.yaml). */
    Accounts accounts();

    /** Stands in for the operator's content service (docs/contracts/presets-openapi.yaml). */
    Presets presets();

    RateLimits rateLimits();

    /** Per-model request rules; OpenAI's defaults are those of its GPT image models. */
    interface ModelRules {

        /** A retired model is still recognised, but rejected with a message saying so. */
        @WithDefault("false")
        boolean retired();

        /** Sizes accepted verbatim, {@code auto} included where the model supports it. */
        @WithDefault("1024x1024,1536x1024,1024x1536,auto")
        List<String> sizes();

        /** Whether any {@code WIDTHxHEIGHT} within the limits below is accepted as well. */
        @WithDefault("false")
        boolean freeSizes();

        @WithDefault("16")
        int sizeMultiple();

        @WithDefault("3840")
        int maxEdge();

        @WithDefault("8294400")
        long maxPixels();

        @WithDefault("3")
        double maxAspectRatio();

        @WithDefault("32000")
        int maxPromptLength();

        @WithDefault("16")
        int maxImages();

        @WithDefault("50M")
        MemorySize maxImageSize();

        @WithDefault("true")
        boolean supportsInputFidelity();

        @WithDefault("true")
        boolean supportsOutputFormat();
    }

    /** The moderation endpoint has its own knobs so a slow edit does not imply a slow moderation. */
    interface Moderation {

        @WithDefault("0s")
        @WithConverter(LatencyConverter.class)
        Latency latency();

        @WithDefault("none")
        @WithConverter(FaultsConverter.class)
        Faults faults();

        /** Case-insensitive words that get a text flagged (and an image edit prompt blocked). */
        @WithDefault("forbidden-word")
        List<String> blockedWords();

        @WithDefault("omni-moderation-latest,omni-moderation-2024-09-26,text-moderation-latest,text-moderation-stable")
        List<String> models();
    }

    /** Every owner gets the same plan; latency and faults as for the OpenAI endpoints. */
    interface Accounts {

        @WithDefault("0s")
        @WithConverter(LatencyConverter.class)
        Latency latency();

        @WithDefault("none")
        @WithConverter(FaultsConverter.class)
        Faults faults();

        @WithDefault("pro")
        String plan();

        @WithDefault("1000")
        long remainingCredits();

        /** Empty allows every model. */
        Optional<List<String>> allowedModels();

        @WithDefault("10")
        int maxN();
    }

    interface Presets {

        @WithDefault("0s")
        @WithConverter(LatencyConverter.class)
        Latency latency();

        @WithDefault("none")
        @WithConverter(FaultsConverter.class)
        Faults faults();
    }

    /** The limits advertised in {@code x-ratelimit-*} headers; only the rate_limit fault enforces anything. */
    interface RateLimits {

        @WithDefault("5000")
        long requestsPerMinute();

        @WithDefault("4000000")
        long tokensPerMinute();
    }
}
