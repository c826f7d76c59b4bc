package dev.overtime.simulator.config;

import dev.overtime.simulator.behaviour.Latency;
import org.eclipse.microprofile.config.spi.Converter;

/** Lets configuration (and the matching environment variables) hold latency strings. */
public class LatencyConverter implements Converter<Latency> {

    @Override
    public Latency convert(String value) {
        return Latency.parse(value);
    }
}
