package dev.overtime.deploychecks;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import dev.overtime.storage.StorageConfig;

/**
 * The environment variables the services' object store reads ({@code overtime.storage.*}), derived from the
 * {@link StorageConfig} mapping itself, so a misspelt variable in a deployment fails the checks.
 */
final class StorageSettings {

    static final String PREFIX = "OVERTIME_STORAGE_";

    private StorageSettings() {
    }

    static Set<String> environmentVariables() {
        return Arrays.stream(StorageConfig.class.getDeclaredMethods())
                .map(Method::getName)
                .map(name -> PREFIX + name.replaceAll("([A-Z])", "_$1").toUpperCase())
                .collect(Collectors.toSet());
    }
}
