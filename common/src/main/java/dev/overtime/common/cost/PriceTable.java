package dev.overtime.common.cost;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The price table's versions by effective date (UTC): a version is in force from its date until the next one's,
 * and names only the models whose prices it sets; a model it does not name keeps its price from the version before.
 * So an operator changes one price by adding a dated version with that one model, and a job that ran before the
 * date keeps the price it ran at.
 */
public final class PriceTable {

    private final NavigableMap<LocalDate, Map<String, ModelPrice>> versions = new TreeMap<>();

    /** @param declared each version's own prices, by effective date; each later version inherits what it omits */
    public PriceTable(Map<LocalDate, Map<String, ModelPrice>> declared) {
        Map<String, ModelPrice> inForce = new HashMap<>();
        for (Map.Entry<LocalDate, Map<String, ModelPrice>> version : new TreeMap<>(declared).entrySet()) {
            inForce.putAll(version.getValue());
            versions.put(version.getKey(), Map.copyOf(inForce));
        }
    }

    /** The price of {@code model} in force at {@code when}; empty before the first version or for a model never priced. */
    public Optional<Price> at(String model, Instant when) {
        Map.Entry<LocalDate, Map<String, ModelPrice>> version =
                versions.floorEntry(LocalDate.ofInstant(when, ZoneOffset.UTC));
        if (version == null || !version.getValue().containsKey(model)) {
            return Optional.empty();
        }
        return Optional.of(new Price(version.getKey(), version.getValue().get(model)));
    }

    /** A model's rates and the effective date of the version they come from (recorded beside each cost). */
    public record Price(LocalDate version, ModelPrice rates) {
    }
}
