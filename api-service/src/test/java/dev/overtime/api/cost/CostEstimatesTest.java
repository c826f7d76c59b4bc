package dev.overtime.api.cost;

import dev.overtime.common.cost.PricesConfig;
import dev.overtime.api.imageedit.validation.EditRequest;
import dev.overtime.common.TokenUsage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CostEstimatesTest {

    private static final PricesConfig PRICES = () -> Map.of("2025-04-23", Map.of("gpt-image-1.5", rates("5", "8", "32")));

    private static final EstimatesConfig ESTIMATES = new EstimatesConfig() {
        public long outputTokensLow() { return 272; }
        public long outputTokensMedium() { return 1056; }
        public long outputTokensHigh() { return 4160; }
        public long inputImageTokens() { return 1500; }
        public long inputImageTokensHighFidelity() { return 6500; }
    };

    private final CostEstimates estimates = new CostEstimates(PRICES, ESTIMATES);

    @Test
    void outputTokensFollowOpenAisTableAndScaleByPixels() {
        assertEquals(272, estimates.outputTokensPerImage("low", "1024x1024"));
        assertEquals(408, estimates.outputTokensPerImage("low", "1536x1024"));
        assertEquals(1584, estimates.outputTokensPerImage("medium", "1024x1536"));
        assertEquals(6240, estimates.outputTokensPerImage("high", "1536x1024"));
    }

    @Test
    void autoErrsHighAsTheLargestSizeAtHighQuality() {
        assertEquals(6240, estimates.outputTokensPerImage("auto", "auto"));
        assertEquals(6240, estimates.outputTokensPerImage(null, null));
    }

    @Test
    void anEditIsPricedAsPromptBytesImagesAndNOutputs() {
        EditRequest request = request("paint the square blue", 2, "1024x1024", "low", null, 1, true);

        TokenUsage usage = estimates.usage(request);

        assertEquals(21, usage.inputTextTokens());
        assertEquals(2 * 1500, usage.inputImageTokens(), "the image and the mask");
        assertEquals(2 * 272, usage.outputTokens());
        // (21 x 5 + 3000 x 8 + 544 x 32) / 10^6
        assertEquals(0, new BigDecimal("0.041513").compareTo(estimates.of(request)));
    }

    @Test
    void highInputFidelityCountsMoreImageTokens() {
        assertEquals(6500, estimates.usage(request("x", 1, "1024x1024", "low", "high", 1, false)).inputImageTokens());
    }

    @Test
    void aModelWithoutAPriceIsEstimatedAtZero() {
        EditRequest request = new EditRequest("unpriced-model", "x", 1, "1024x1024", "low", null, null, null, null, null,
                List.of(), null, List.of("https://example.com/a.png"), null, null);
        assertEquals(0, estimates.of(request).signum());
    }

    private static EditRequest request(String prompt, int n, String size, String quality, String fidelity, int images,
                                       boolean mask) {
        List<String> urls = java.util.stream.IntStream.range(0, images).mapToObj(i -> "https://example.com/" + i + ".png")
                .toList();
        return new EditRequest("gpt-image-1.5", prompt, n, size, quality, null, null, null, fidelity, null, List.of(),
                null, urls, mask ? "https://example.com/mask.png" : null, null);
    }

    private static PricesConfig.Rates rates(String text, String image, String output) {
        return new PricesConfig.Rates() {
            public BigDecimal inputText() { return new BigDecimal(text); }
            public BigDecimal inputImage() { return new BigDecimal(image); }
            public BigDecimal outputImage() { return new BigDecimal(output); }
        };
    }
}
