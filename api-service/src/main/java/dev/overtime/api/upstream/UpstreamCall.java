package dev.overtime.api.upstream;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * One guarded client method: which upstream it calls, on which route, under which timeout profile,
 * and the fault tolerance identifier an operator uses to override its timeout.
 */
public record UpstreamCall(String upstream, String httpMethod, String route, TimeoutProfile profile,
                           Class<?> bean, String beanMethod) {

    /** The key SmallRye Fault Tolerance reads for this method's {@code @Timeout} value. */
    public String timeoutKey() {
        return "quarkus.fault-tolerance.\"" + bean.getName() + "/" + beanMethod + "\".timeout.value";
    }

    /** The timeout in force, as fault tolerance applies it (configuration over annotation). */
    public long timeoutMs() {
        Config config = ConfigProvider.getConfig();
        long value = config.getOptionalValue(timeoutKey(), Long.class).orElse(profileDefaultMs());
        ChronoUnit unit = config.getOptionalValue(timeoutKey().replace(".timeout.value", ".timeout.unit"), String.class)
                .map(ChronoUnit::valueOf).orElse(ChronoUnit.MILLIS);
        return Duration.of(value, unit).toMillis();
    }

    private long profileDefaultMs() {
        return switch (profile) {
            case OPTIONAL -> TimeoutProfile.OPTIONAL_MS;
            case DEFAULT -> TimeoutProfile.DEFAULT_MS;
            case CRITICAL -> TimeoutProfile.CRITICAL_MS;
        };
    }
}
