package dev.overtime.simulator.config;

import dev.overtime.simulator.behaviour.Faults;
import org.eclipse.microprofile.config.spi.Converter;

/** Lets configuration (and the matching environment variables) hold fault strings. */
public class FaultsConverter implements Converter<Faults> {

    @Override
    public Faults convert(String value) {
        return Faults.parse(value);
    }
}
