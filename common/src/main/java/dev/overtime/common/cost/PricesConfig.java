package dev.overtime.common.cost;

import io.smallrye.config.ConfigMapping;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The price table, {@code overtime.prices.versions."<effective date>"."<model>".*}: its defaults are OpenAI's
 * published prices, beside this mapping in the common jar's META-INF/microprofile-config.properties. Both services
 * map it (each indexes this jar: quarkus.index-dependency.common): the worker prices each attempt, the API estimates.
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
