package dev.overtime.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.simulator.behaviour.Faults;
import dev.overtime.simulator.behaviour.Latency;
import dev.overtime.simulator.config.SimulatorConfig;
import dev.overtime.simulator.config.SimulatorConfig.ModelRules;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The settings a simulator starts with: SimulatorConfig's defaults plus what application.properties changes. */
@QuarkusTest
class SimulatorConfigTest {

    private static final List<String> GPT_IMAGE_SIZES = List.of("1024x1024", "1536x1024", "1024x1536", "auto");

    @Inject
    SimulatorConfig config;

    @Test
    void behavesLikeAFastFaultlessOpenAiUnlessToldOtherwise() {
        assertEquals(Latency.NONE, config.latency());
        assertEquals(Faults.NONE, config.faults());
        assertEquals(Duration.ofSeconds(20), config.hangDuration(), "the test profile's hang");
        assertEquals("gpt-image-1.5", config.defaultModel());
        assertEquals(Latency.NONE, config.moderation().latency());
        assertEquals(List.of("forbidden-word"), config.moderation().blockedWords());
        assertEquals("pro", config.accounts().plan());
        assertEquals(1000, config.accounts().remainingCredits());
        assertEquals(10, config.accounts().maxN());
        assertEquals(Faults.NONE, config.presets().faults());
    }

    @Test
    void knowsOpenAisImageModelsWithTheirRules() {
        assertEquals(Set.of("gpt-image-1.5", "gpt-image-1-mini", "chatgpt-image-latest", "gpt-image-2",
                "gpt-image-2-2026-04-21", "gpt-image-1", "dall-e-2"), config.models().keySet());
        for (String model : List.of("gpt-image-1.5", "gpt-image-1-mini", "chatgpt-image-latest", "gpt-image-2",
                "gpt-image-2-2026-04-21")) {
            ModelRules rules = config.models().get(model);
            assertFalse(rules.retired(), model);
            assertEquals(GPT_IMAGE_SIZES, rules.sizes(), model);
            assertEquals(model.startsWith("gpt-image-2"), rules.freeSizes(), model);
            assertEquals(!model.equals("gpt-image-1-mini"), rules.supportsInputFidelity(), model);
            assertEquals(3840, rules.maxEdge(), model);
            assertEquals(8_294_400, rules.maxPixels(), model);
            assertEquals(16, rules.sizeMultiple(), model);
            assertEquals(3.0, rules.maxAspectRatio(), model);
        }
        assertTrue(config.models().get("gpt-image-1").retired());
        ModelRules dallE2 = config.models().get("dall-e-2");
        assertTrue(dallE2.retired());
        assertEquals(List.of("256x256", "512x512", "1024x1024"), dallE2.sizes());
        assertEquals(1000, dallE2.maxPromptLength());
        assertEquals(1, dallE2.maxImages());
        assertEquals(4L * 1024 * 1024, dallE2.maxImageSize().asLongValue());
    }
}
