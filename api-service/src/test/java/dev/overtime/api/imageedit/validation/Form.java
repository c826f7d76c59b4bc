package dev.overtime.api.imageedit.validation;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.models.ModelRetirements;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A multipart form built from plain values, and the api-service's own configuration, for tests without HTTP. */
final class Form {

    private final List<FormPart> parts = new ArrayList<>();

    static Form of() {
        return new Form();
    }

    Form text(String name, String value) {
        parts.add(new Part(name, null, value, null));
        return this;
    }

    Form file(String name, String filename, byte[] bytes) {
        parts.add(new Part(name, filename, null, bytes));
        return this;
    }

    List<FormPart> parts() {
        return List.copyOf(parts);
    }

    /** The validator as the service builds it from {@code config}. */
    static EditRequestValidator validator(ApiConfig config) {
        return new EditRequestValidator(config, new ModelRetirements(config));
    }

    /** The mapping as application.properties configures it (production values, its models included). */
    static ApiConfig config() {
        return config(Map.of(), Map.of());
    }

    /**
     * application.properties with {@code overrides} on top, and {@code environment} as environment variables above
     * both, as the running service reads them.
     */
    static ApiConfig config(Map<String, String> overrides, Map<String, String> environment) {
        try {
            URL properties = Form.class.getResource("/application.properties");
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withSources(new PropertiesConfigSource(properties))
                    // Production has no default for the job-token secret (the service won't start without one).
                    .withSources(new PropertiesConfigSource(Map.of("overtime.api.job-tokens.secret",
                            "form-tests-job-token-secret-of-32-chars-or-more"), "job-token-secret", 50))
                    .withSources(new PropertiesConfigSource(overrides, "overrides", 200))
                    .withSources(new EnvConfigSource(environment, 300))
                    // Quarkus's own form for durations ("30s"), as the running service reads them.
                    .withConverter(Duration.class, 100, new DurationConverter())
                    .withMapping(ApiConfig.class)
                    .build();
            return config.getConfigMapping(ApiConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Part(String name, String filename, String text, byte[] bytes) implements FormPart {

        @Override
        public boolean isFile() {
            return bytes != null;
        }

        @Override
        public long size() {
            return bytes == null ? 0 : bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        // Spooled like the HTTP layer does it, so the validator reads a file as it does in production.
        @Override
        public Path path() {
            try {
                Path file = Files.createTempFile("overtime-form-", ".part");
                file.toFile().deleteOnExit();
                return Files.write(file, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
