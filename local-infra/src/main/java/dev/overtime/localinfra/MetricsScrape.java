package dev.overtime.localinfra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a service's {@code /q/metrics} in the Prometheus text format, for tests that assert metric lines and
 * their values: {@code scrape.value("overtime_jobs_accepted_total", "model", "gpt-image-1.5")}.
 */
public final class MetricsScrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample: the series name, its labels, its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final java.util.List<Sample> samples;

    private MetricsScrape(java.util.List<Sample> samples) {
        this.samples = samples;
    }

    /** Scrapes {@code managementUrl + "/q/metrics"} (text format 0.0.4, as Prometheus asks for it). */
    public static MetricsScrape of(String managementUrl) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl + "/q/metrics"))
                    .header("Accept", "text/plain; version=0.0.4").timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(managementUrl + "/q/metrics answered " + response.statusCode());
            }
            return parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("could not scrape " + managementUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static MetricsScrape parse(String text) {
        java.util.List<Sample> samples = new java.util.ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher label = LABEL.matcher(m.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return new MetricsScrape(samples);
    }

    /** Every series name in the scrape. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /**
     * The sum of the samples of {@code name} whose labels include {@code labelPairs} (name, value, name, value...);
     * 0 when there is none, as for a counter never incremented.
     */
    public double value(String name, String... labelPairs) {
        return samples.stream().filter(s -> s.name().equals(name) && matches(s.labels(), labelPairs))
                .mapToDouble(Sample::value).sum();
    }

    /** Whether a sample of {@code name} with these labels exists at all. */
    public boolean has(String name, String... labelPairs) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && matches(s.labels(), labelPairs));
    }

    private static boolean matches(Map<String, String> labels, String[] pairs) {
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                return false;
            }
        }
        return true;
    }
}
