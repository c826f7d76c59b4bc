package dev.overtime.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A real PostgreSQL server from the machine's binaries, in a throwaway directory on a free loopback port. */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "overtime";
    public static final String USERNAME = "overtime";
    public static final String PASSWORD = "overtime";

    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(90);

    private final PostgresBinaries binaries;
    private final Path baseDir;
    private final int port;

    private PostgresServer(PostgresBinaries binaries, Path baseDir, int port) {
        this.binaries = binaries;
        this.baseDir = baseDir;
        this.port = port;
    }

    /** Initialises a new cluster, starts it and creates the {@code overtime} role and database. */
    public static PostgresServer start() {
        PostgresBinaries binaries = PostgresBinaries.find();
        PostgresServer server = new PostgresServer(binaries, createBaseDir(), FreePort.find());
        try {
            server.initCluster();
            server.bringUp();
            server.createOvertimeDatabase();
            return server;
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    /** Fast shutdown that keeps the data, for fault-injection tests; {@link #bringUp()} resumes on the same port. */
    public void takeDown() {
        if (Files.exists(dataDir().resolve("postmaster.pid"))) {
            pgCtl("stop", "-m", "fast");
        }
    }

    /** Starts the server on its data directory and waits until it accepts connections. */
    public void bringUp() {
        pgCtl("start", "-l", baseDir.resolve("postgres.log").toString());
    }

    /** Takes the server down and up again; committed data survives, open connections do not. */
    public void restart() {
        takeDown();
        bringUp();
    }

    /** Stops the server for good and removes its directory. */
    public void stop() {
        try {
            takeDown();
        } finally {
            deleteRecursively(baseDir);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void initCluster() {
        Commands.run(PostgresUser.command(List.of(binaries.initdb(), "-D", dataDir().toString(),
                "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync")), PG_CTL_TIMEOUT);
        append(dataDir().resolve("postgresql.conf"), """

                # Overtime test server: loopback only, and durability traded for speed (data is thrown away).
                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = '%s'
                max_connections = 300
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                """.formatted(port, baseDir));
    }

    private void createOvertimeDatabase() {
        Commands.run(PostgresUser.command(List.of(binaries.psql(), "-h", baseDir.toString(), "-p", String.valueOf(port),
                "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q",
                "-c", "CREATE ROLE " + USERNAME + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'",
                "-c", "CREATE DATABASE " + DATABASE + " OWNER " + USERNAME)), PG_CTL_TIMEOUT);
    }

    private void pgCtl(String... action) {
        List<String> command = new ArrayList<>(List.of(binaries.pgCtl(), "-D", dataDir().toString(),
                "-w", "-t", String.valueOf(PG_CTL_TIMEOUT.toSeconds())));
        command.addAll(List.of(action));
        Commands.run(PostgresUser.command(command), PG_CTL_TIMEOUT.plusSeconds(10));
    }

    private Path dataDir() {
        return baseDir.resolve("data");
    }

    private static Path createBaseDir() {
        try {
            Path dir = Files.createTempDirectory("overtime-postgres-");
            PostgresUser.own(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir, e);
        }
    }
}
