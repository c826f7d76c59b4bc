package dev.overtime.common.cost;

import dev.overtime.common.TokenUsage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PriceTableTest {

    private static final ModelPrice OLD = price("5", "10", "40");
    private static final ModelPrice NEW = price("5", "8", "32");
    private static final ModelPrice MINI = price("2", "2.5", "8");

    private final PriceTable table = new PriceTable(Map.of(
            LocalDate.parse("2025-01-01"), Map.of("gpt-image-1", OLD, "gpt-image-1-mini", MINI),
            LocalDate.parse("2026-03-01"), Map.of("gpt-image-1", NEW)));

    @Test
    void anAttemptIsPricedAtTheVersionInForceWhenItRan() {
        PriceTable.Price before = table.at("gpt-image-1", Instant.parse("2026-02-28T23:59:59Z")).orElseThrow();
        PriceTable.Price after = table.at("gpt-image-1", Instant.parse("2026-03-01T00:00:00Z")).orElseThrow();
        assertEquals(LocalDate.parse("2025-01-01"), before.version());
        assertEquals(OLD, before.rates());
        assertEquals(LocalDate.parse("2026-03-01"), after.version());
        assertEquals(NEW, after.rates());
    }

    @Test
    void aVersionKeepsThePricesOfModelsItDoesNotName() {
        PriceTable.Price mini = table.at("gpt-image-1-mini", Instant.parse("2026-06-01T00:00:00Z")).orElseThrow();
        assertEquals(LocalDate.parse("2026-03-01"), mini.version());
        assertEquals(MINI, mini.rates());
    }

    @Test
    void unknownModelsAndDatesBeforeTheFirstVersionHaveNoPrice() {
        assertTrue(table.at("dall-e-2", Instant.parse("2026-06-01T00:00:00Z")).isEmpty());
        assertTrue(table.at("gpt-image-1", Instant.parse("2024-12-31T23:00:00Z")).isEmpty());
    }

    @Test
    void costIsUsageTimesThePerMillionRatesExactly() {
        // 50 text x $5 + 200 image x $10 + 1056 output x $40, per million: 0.00025 + 0.002 + 0.04224
        TokenUsage usage = new TokenUsage(250, 1056, 1306, 50, 200);
        assertEquals(new BigDecimal("0.04449"), OLD.cost(usage).stripTrailingZeros());
        assertEquals("0.04449", Usd.format(OLD.cost(usage)));
    }

    @Test
    void inputTokensWithoutTheirSplitArePricedAsImageTokens() {
        TokenUsage usage = new TokenUsage(100, 0, 100, 0, 0);
        assertEquals(0, new BigDecimal("0.001").compareTo(OLD.cost(usage)));
    }

    @Test
    void noUsageCostsNothing() {
        assertEquals(0, OLD.cost(TokenUsage.NONE).signum());
        assertEquals("0", Usd.format(OLD.cost(TokenUsage.NONE)));
    }

    private static ModelPrice price(String text, String image, String output) {
        return new ModelPrice(new BigDecimal(text), new BigDecimal(image), new BigDecimal(output));
    }
}
