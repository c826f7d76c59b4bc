package dev.overtime.localinfra.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

import dev.overtime.localinfra.Processes;

/**
 * The local stack's state in {@code <repository>/.overtime}: pid files, logs, remembered ports, the admin
 * token and S3 secret key, {@code stack.env} and the servers' data. Every command reads the stack from here, since the
 * processes outlive the command that started them.
 */
final class StackHome {

    private final Path repository;
    private final Path state;

    StackHome(Path repository) {
        this.repository = repository;
        this.state = repository.resolve(".overtime");
    }

    Path repository() {
        return repository;
    }

    Path dir(String name) {
        return state.resolve(name);
    }

    Path log(String component) {
        return state.resolve("logs").resolve(component + ".log");
    }

    Path stackEnv() {
        return state.resolve("stack.env");
    }

    /** The pid recorded for a component, if any (alive or not). */
    Optional<Long> pid(String component) {
        Path file = pidFile(component);
        try {
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The pid of a component whose process is alive. */
    Optional<Long> runningPid(String component) {
        return pid(component).filter(Processes::alive);
    }

    void recordPid(String component, long pid) {
        write(pidFile(component), Long.toString(pid));
    }

    void forgetPid(String component) {
        try {
            Files.deleteIfExists(pidFile(component));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The admin token the API is started with. */
    String adminToken() {
        return secret("admin-token");
    }

    /** A secret kept in {@code .overtime/<name>}, created once (48 hex digits, readable by its owner only). */
    String secret(String name) {
        Path file = state.resolve(name);
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                writePrivate(file, HexFormat.of().formatHex(random));
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writePrivate(Path file, String text) {
        write(file, text);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path pidFile(String component) {
        return state.resolve("pids").resolve(component + ".pid");
    }
}
