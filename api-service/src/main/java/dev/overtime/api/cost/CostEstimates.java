package dev.overtime.api.cost;

import dev.overtime.common.cost.PricesConfig;
import dev.overtime.api.imageedit.validation.EditRequest;
import dev.overtime.common.TokenUsage;
import dev.overtime.common.cost.PriceTable;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * What a submit may cost, before it runs: its likely usage ({@link EstimatesConfig}) priced at the table in force
 * now. Text tokens are counted as the prompt's UTF-8 bytes, an upper bound (no token is shorter than a byte).
 */
@ApplicationScoped
public class CostEstimates {

    private static final long SQUARE_PIXELS = 1024L * 1024;
    private static final long LARGEST_PIXELS = 1536L * 1024;

    private final PriceTable prices;
    private final EstimatesConfig config;

    public CostEstimates(PricesConfig prices, EstimatesConfig config) {
        this.prices = prices.table();
        this.config = config;
    }

    /** Zero for a model without a price (logged: an operator must add it, or its edits escape budgets). */
    public BigDecimal of(EditRequest request) {
        Optional<PriceTable.Price> price = prices.at(request.model(), Instant.now());
        if (price.isEmpty()) {
            Log.warnf("no price for model=%s; its edits are estimated at 0", request.model());
            return BigDecimal.ZERO;
        }
        return price.get().rates().cost(usage(request));
    }

    TokenUsage usage(EditRequest request) {
        long text = request.prompt() == null ? 0 : request.prompt().getBytes(StandardCharsets.UTF_8).length;
        int inputImages = request.imageCount() + (request.hasMask() ? 1 : 0);
        long image = inputImages * ("high".equals(request.inputFidelity())
                ? config.inputImageTokensHighFidelity() : config.inputImageTokens());
        long output = request.n() * outputTokensPerImage(request.quality(), request.size());
        return new TokenUsage(text + image, output, text + image + output, text, image);
    }

    long outputTokensPerImage(String quality, String size) {
        long square = switch (quality == null ? "auto" : quality) {
            case "low" -> config.outputTokensLow();
            case "medium" -> config.outputTokensMedium();
            default -> config.outputTokensHigh();
        };
        // Rounded up: an estimate errs high.
        return Math.ceilDiv(square * pixels(size), SQUARE_PIXELS);
    }

    private static long pixels(String size) {
        int x = size == null ? -1 : size.indexOf('x');
        if (x <= 0) {
            return LARGEST_PIXELS;
        }
        try {
            return Long.parseLong(size.substring(0, x)) * Long.parseLong(size.substring(x + 1));
        } catch (NumberFormatException e) {
            return LARGEST_PIXELS;
        }
    }
}
