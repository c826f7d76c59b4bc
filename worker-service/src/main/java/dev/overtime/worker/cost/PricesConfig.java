package dev.overtime.worker.cost;

import dev.overtime.common.cost.ModelPrice;
import dev.overtime.common.cost.PriceTable;
import io.smallrye.config.ConfigMapping;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The price table, {@code overtime.prices.versions."<effective date>"."<model>".*}: its defaults are OpenAI's
 * published prices, in the common jar's META-INF/microprofile-config.properties (the API reads the same keys).
 */
@ConfigMapping(prefix = "overtime.prices")
public interface PricesConfig {

    Map<String, Map<String, Rates>> versions();

    /** US dollars per million tokens. */
    interface Rates {
        BigDecimal inputText();

        BigDecimal inputImage();

        BigDecimal outputImage();
    }

    default PriceTable table() {
        Map<LocalDate, Map<String, ModelPrice>> declared = new HashMap<>();
        versions().forEach((date, models) -> {
            Map<String, ModelPrice> prices = new HashMap<>();
            models.forEach((model, rates) -> prices.put(model,
                    new ModelPrice(rates.inputText(), rates.inputImage(), rates.outputImage())));
            declared.put(LocalDate.parse(date), prices);
        });
        return new PriceTable(declared);
    }
}
