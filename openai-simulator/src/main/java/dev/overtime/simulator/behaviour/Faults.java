package dev.overtime.simulator.behaviour;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Per-request probabilities of each {@link Fault}, written as
 * {@code rate_limit=0.2,server_error=0.05,hang=0.02} ({@code none} or empty for no faults).
 */
public record Faults(Map<Fault, Double> probabilities) {

    public static final Faults NONE = new Faults(Map.of());

    public Faults {
        EnumMap<Fault, Double> ordered = new EnumMap<>(Fault.class);
        ordered.putAll(probabilities);
        probabilities = Collections.unmodifiableMap(ordered);
    }

    public static Faults parse(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
            return NONE;
        }
        Map<Fault, Double> probabilities = new EnumMap<>(Fault.class);
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] pair = entry.split("=", -1);
            if (pair.length != 2) {
                throw new IllegalArgumentException("Invalid faults '" + text + "': entry '" + entry.trim()
                        + "' is not name=probability, e.g. rate_limit=0.2");
            }
            String name = pair[0].trim().toLowerCase(Locale.ROOT);
            Fault fault = Fault.byKey(name).orElseThrow(() -> new IllegalArgumentException("Invalid faults '"
                    + text + "': unknown fault '" + name + "', known faults are " + Fault.knownKeys()));
            double probability = probability(pair[1].trim(), name, text);
            if (probabilities.put(fault, probability) != null) {
                throw new IllegalArgumentException("Invalid faults '" + text + "': '" + name + "' appears twice");
            }
        }
        double total = probabilities.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total > 1.0 + 1e-9) {
            throw new IllegalArgumentException(
                    "Invalid faults '" + text + "': probabilities add up to " + total + ", more than 1");
        }
        return new Faults(probabilities);
    }

    /** Draws the fault for one request, if any. */
    public Optional<Fault> roll() {
        return pick(ThreadLocalRandom.current().nextDouble());
    }

    /** Maps a uniform draw in [0,1) onto consecutive probability bands, in declaration order. */
    Optional<Fault> pick(double draw) {
        double upper = 0;
        for (Map.Entry<Fault, Double> entry : probabilities.entrySet()) {
            upper += entry.getValue();
            if (draw < upper) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        if (probabilities.isEmpty()) {
            return "none";
        }
        return probabilities.entrySet().stream()
                .map(e -> e.getKey().key() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    private static double probability(String value, String name, String text) {
        try {
            double probability = Double.parseDouble(value);
            if (probability >= 0 && probability <= 1) {
                return probability;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the same message as an out-of-range value
        }
        throw new IllegalArgumentException("Invalid faults '" + text + "': probability of '" + name
                + "' must be a number between 0 and 1, got '" + value + "'");
    }
}
