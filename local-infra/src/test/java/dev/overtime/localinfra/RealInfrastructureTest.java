package dev.overtime.localinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class RealInfrastructureTest {

    @Test
    void sharesOneSetOfServersAcrossClassloaders() throws Exception {
        // What Quarkus does to each test application: the same classes, loaded again by another classloader.
        try (URLClassLoader isolated = new URLClassLoader(testClassPath(), ClassLoader.getPlatformClassLoader())) {
            Class<?> otherCopy = isolated.loadClass(RealInfrastructure.class.getName());
            assertNotSame(RealInfrastructure.class, otherCopy);

            Object otherView = otherCopy.getMethod("get").invoke(null);

            RealInfrastructure ours = RealInfrastructure.get();
            assertEquals(ours.kafkaBootstrapServers(), otherCopy.getMethod("kafkaBootstrapServers").invoke(otherView));
            assertEquals(ours.jdbcUrl(), otherCopy.getMethod("jdbcUrl").invoke(otherView));
            assertEquals(ours.s3().toString(), otherCopy.getMethod("s3").invoke(otherView).toString());
        }
    }

    private static URL[] testClassPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classPath.split(File.pathSeparator))
                .map(entry -> {
                    try {
                        return Path.of(entry).toUri().toURL();
                    } catch (java.net.MalformedURLException e) {
                        throw new IllegalArgumentException(entry, e);
                    }
                })
                .toArray(URL[]::new);
    }
}
