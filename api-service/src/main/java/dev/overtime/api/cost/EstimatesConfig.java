package dev.overtime.api.cost;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The token counts a submit's cost estimate assumes, {@code overtime.api.cost-estimates.*}. The estimate is reserved against
 * the owner's monthly budget until the job's real cost replaces it, so each figure errs high: an estimate below the
 * real cost is the one way spend can pass a budget.
 */
@ConfigMapping(prefix = "overtime.api.cost-estimates")
public interface EstimatesConfig {

    /**
     * Output image tokens of one 1024x1024 image by quality: OpenAI's image generation guide for the GPT image
     * models (272 low, 1056 medium, 4160 high). Other sizes scale by their pixels (1536x1024: 408, 1584, 6240, as in
     * that guide); {@code auto} quality counts as high, {@code auto} size as 1536x1024.
     */
    @WithDefault("272")
    long outputTokensLow();

    @WithDefault("1056")
    long outputTokensMedium();

    @WithDefault("4160")
    long outputTokensHigh();

    /**
     * Input image tokens of one input image (or mask) at {@code input_fidelity=low}. Not a published figure: a
     * high-detail 1536x1024 image is about 1,100 tokens in OpenAI's vision accounting, rounded up here.
     */
    @WithDefault("1500")
    long inputImageTokens();

    /**
     * The same at {@code input_fidelity=high}, which OpenAI says costs more input tokens without a published count;
     * set generously (an unverified upper bound).
     */
    @WithDefault("6500")
    long inputImageTokensHighFidelity();
}
