package dev.overtime.api.imageedit.validation;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.config.ModelRetirement;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.models.ModelChoice;
import dev.overtime.api.models.ModelNotice;
import dev.overtime.api.models.ModelRetirements;
import dev.overtime.common.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model retirement as configuration, with plain values: set by environment variables, checked at startup, applied
 * to named and default models before and after the sunset. The HTTP answers are in {@code ModelRetirementTest}.
 */
class ModelRetirementRulesTest {

    private static final String PAST = "2020-01-01T00:00:00Z";
    private static final Instant BEFORE = Instant.parse("2026-11-30T23:59:59Z");
    private static final Instant AFTER = Instant.parse("2026-12-01T00:00:00Z");

    private static Form urlEdit() {
        return Form.of().text("prompt", "make it blue").text("image_url", "https://images.example.com/a.png");
    }

    @Test
    void theReportedRetirementOfTheDefaultModelIsSetByEnvironmentVariablesAlone() {
        ApiConfig config = Form.config(Map.of(), Map.of(
                "OVERTIME_API_MODELS__GPT_IMAGE_1_5__SUNSET", "2026-12-01T00:00:00Z",
                "OVERTIME_API_MODELS__GPT_IMAGE_1_5__SUCCESSOR", "gpt-image-2",
                "OVERTIME_API_MODELS__GPT_IMAGE_1_5__ON_SUNSET", "substitute"));
        ModelRetirement retirement = config.models().get("gpt-image-1.5").retirement();
        assertEquals(AFTER, retirement.sunset().orElseThrow());
        assertEquals(ModelRetirement.OnSunset.SUBSTITUTE, retirement.onSunset());

        ModelRetirements retirements = new ModelRetirements(config);
        assertEquals(new ModelChoice("gpt-image-1.5", null), retirements.resolve("gpt-image-1.5", BEFORE));
        assertEquals(new ModelChoice("gpt-image-2", "gpt-image-1.5"), retirements.resolve("gpt-image-1.5", AFTER));
        assertEquals(new ModelNotice(null, AFTER, "gpt-image-2", "substitute", null),
                retirements.notice("gpt-image-1.5").orElseThrow());
        assertTrue(retirements.notice("gpt-image-2").isEmpty(), "a model with no sunset has no notice");
    }

    @Test
    void aRequestNamingNoModelRunsOnTheSuccessorOfARetiredDefault() {
        EditRequestValidator validator = Form.validator(Form.config(Map.of(
                "overtime.api.models.\"gpt-image-1.5\".sunset", PAST,
                "overtime.api.models.\"gpt-image-1.5\".successor", "gpt-image-2",
                "overtime.api.models.\"gpt-image-1.5\".on-sunset", "substitute"), Map.of()));

        EditRequest request = validator.validate(urlEdit().parts());

        assertEquals("gpt-image-2", request.model());
        assertEquals("gpt-image-1.5", request.modelSubstitutedFrom());
        assertNull(validator.validate(urlEdit().text("model", "gpt-image-1-mini").parts()).modelSubstitutedFrom());
    }

    @Test
    void aRetiredModelToRefuseIsRefusedNamingItsSuccessor() {
        EditRequestValidator validator = Form.validator(Form.config(Map.of(
                "overtime.api.models.\"gpt-image-1-mini\".sunset", PAST,
                "overtime.api.models.\"gpt-image-1-mini\".successor", "gpt-image-2"), Map.of()));

        ApiException refused = assertThrows(ApiException.class,
                () -> validator.validate(urlEdit().text("model", "gpt-image-1-mini").parts()));

        assertEquals(ErrorCode.MODEL_RETIRED, refused.code());
        assertEquals("model", refused.param());
        assertEquals("Model 'gpt-image-1-mini' was retired on 2020-01-01T00:00:00Z; use 'gpt-image-2' instead.",
                refused.getMessage());
    }

    @Test
    void substitutionFollowsSuccessorsThatAreRetiredToo() {
        ModelRetirements retirements = new ModelRetirements(Form.config(Map.of(
                "overtime.api.models.\"gpt-image-1-mini\".sunset", PAST,
                "overtime.api.models.\"gpt-image-1-mini\".successor", "gpt-image-1.5",
                "overtime.api.models.\"gpt-image-1-mini\".on-sunset", "substitute",
                "overtime.api.models.\"gpt-image-1.5\".sunset", PAST,
                "overtime.api.models.\"gpt-image-1.5\".successor", "gpt-image-2",
                "overtime.api.models.\"gpt-image-1.5\".on-sunset", "substitute"), Map.of()));

        assertEquals(new ModelChoice("gpt-image-2", "gpt-image-1-mini"), retirements.resolve("gpt-image-1-mini",
                Instant.now()));
    }

    @Test
    void aRetirementThatCouldNeverWorkStopsTheServiceNamingEachKey() {
        ApiConfig config = Form.config(Map.of(
                "overtime.api.models.\"gpt-image-1.5\".successor", "gpt-image-9",
                "overtime.api.models.\"gpt-image-1-mini\".successor", "gpt-image-1-mini",
                "overtime.api.models.\"gpt-image-2\".on-sunset", "substitute",
                "overtime.api.models.\"chatgpt-image-latest\".successor", "gpt-image-2-2026-04-21",
                "overtime.api.models.\"gpt-image-2-2026-04-21\".successor", "chatgpt-image-latest",
                "overtime.api.models.\"gpt-image-2-2026-04-21\".deprecated-at", "2027-01-01T00:00:00Z",
                "overtime.api.models.\"gpt-image-2-2026-04-21\".sunset", "2026-12-01T00:00:00Z"), Map.of());

        String message = assertThrows(IllegalStateException.class, () -> new ModelRetirements(config)).getMessage();

        for (String expected : List.of(
                "overtime.api.models.\"gpt-image-1.5\".successor 'gpt-image-9' is not a configured model",
                "overtime.api.models.\"gpt-image-1-mini\".successor names the model itself",
                "overtime.api.models.\"gpt-image-2\".on-sunset=substitute needs a",
                "overtime.api.models.\"chatgpt-image-latest\".successor leads back to chatgpt-image-latest",
                "overtime.api.models.\"gpt-image-2-2026-04-21\".deprecated-at is after its sunset")) {
            assertTrue(message.contains(expected), () -> "expected '" + expected + "' in: " + message);
        }
    }
}
