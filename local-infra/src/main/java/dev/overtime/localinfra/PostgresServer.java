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
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the machine's binaries on a loopback port: either throwaway (a temporary
 * directory, a free port, durability off, removed on {@link #stop()}) or kept (the local stack's, in a
 * directory that survives restarts of the machine's stack).
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "overtime";
    public static final String USERNAME = "overtime";
    public static final String PASSWORD = "overtime";

    private static final String SUPERUSER = "postgres";
    // The superuser's password; the server only listens on loopback.
    private static final String SUPERUSER_PASSWORD = "overtime";
    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(90);

    private final PostgresBinaries binaries;
    private final Path baseDir;
    private final int port;
    private final Path log;
    private final boolean throwaway;

    private PostgresServer(PostgresBinaries binaries, Path baseDir, int port, Path log, boolean throwaway) {
        this.binaries = binaries;
        this.baseDir = baseDir;
        this.port = port;
        this.log = log;
        this.throwaway = throwaway;
    }

    /** Initialises a throwaway cluster, starts it and creates the {@code overtime} role and database. */
    public static PostgresServer start() {
        Path dir = createTempDir();
        PostgresServer server = new PostgresServer(PostgresBinaries.find(), dir, FreePort.find(), dir.resolve("postgres.log"), true);
        try {
            server.initCluster(message -> { });
            server.bringUp();
            server.createOvertimeDatabase(message -> { });
            return server;
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    /**
     * Starts the cluster kept in {@code dir} (initialised on first use; the caller knows it is not running, and
     * pg_ctl discards a stale pid file), with the {@code overtime} role and database; {@code progress} hears each
     * step worth telling a person.
     */
    public static PostgresServer startKept(Path dir, int port, Path log, Consumer<String> progress) {
        PostgresServer server = new PostgresServer(PostgresBinaries.find(), dir, port, log, false);
        server.initCluster(progress);
        progress.accept("starting PostgreSQL on 127.0.0.1:" + port);
        server.bringUp();
        server.createOvertimeDatabase(progress);
        return server;
    }

    /** The kept cluster in {@code dir}, to stop it; nothing is started. */
    public static PostgresServer kept(Path dir, int port, Path log) {
        return new PostgresServer(PostgresBinaries.find(), dir, port, log, false);
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

    /** The postmaster's pid while the server runs (from {@code postmaster.pid}). */
    public long pid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir().resolve("postmaster.pid")).getFirst().trim());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL in " + dataDir() + " is not running", e);
        }
    }

    /** Fast shutdown that keeps the data, for fault-injection tests; {@link #bringUp()} resumes on the same port. */
    public void takeDown() {
        if (Files.exists(dataDir().resolve("postmaster.pid"))) {
            pgCtl("stop", "-m", "fast");
        }
    }

    /** Starts the server on its data directory and waits until it accepts connections. */
    public void bringUp() {
        pgCtl("start", "-l", log.toString());
    }

    /** Takes the server down and up again; committed data survives, open connections do not. */
    public void restart() {
        takeDown();
        bringUp();
    }

    /** Stops the server; a throwaway one's directory is removed, a kept one's stays. */
    public void stop() {
        try {
            takeDown();
        } finally {
            if (throwaway) {
                deleteRecursively(baseDir);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void initCluster(Consumer<String> progress) {
        if (Files.exists(dataDir().resolve("PG_VERSION"))) {
            return;
        }
        progress.accept("initialising PostgreSQL cluster in " + dataDir());
        try {
            Files.createDirectories(baseDir);
            PostgresUser.own(baseDir);
            PostgresUser.requireWritable(baseDir);
            if (!Files.exists(log)) {
                Files.createDirectories(log.toAbsolutePath().getParent());
                Files.createFile(log);
            }
            PostgresUser.own(log);
            Path passwordFile = baseDir.resolve("pwfile");
            Files.writeString(passwordFile, SUPERUSER_PASSWORD + "\n");
            PostgresUser.own(passwordFile);
            try {
                List<String> initdb = new ArrayList<>(List.of(binaries.initdb(), "-D", dataDir().toString(),
                        "-U", SUPERUSER, "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale"));
                if (throwaway) {
                    initdb.add("--no-sync");
                }
                Commands.run(PostgresUser.command(initdb), PG_CTL_TIMEOUT);
            } finally {
                Files.deleteIfExists(passwordFile);
            }
            // No unix socket: its path (under .overtime/ or a temp dir) may be longer than the kernel allows.
            Files.writeString(dataDir().resolve("postgresql.conf"), """

                    # Written by Overtime's local-infra: loopback TCP only.
                    listen_addresses = '127.0.0.1'
                    port = %d
                    unix_socket_directories = ''
                    max_connections = 300
                    """.formatted(port) + (throwaway ? """
                    # A test server's data is thrown away: durability traded for speed.
                    fsync = off
                    synchronous_commit = off
                    full_page_writes = off
                    """ : ""), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void createOvertimeDatabase(Consumer<String> progress) {
        if (adminSql("SELECT 1 FROM pg_roles WHERE rolname = '" + USERNAME + "'").isBlank()) {
            progress.accept("creating role " + USERNAME);
            adminSql("CREATE ROLE " + USERNAME + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'");
        }
        if (adminSql("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'").isBlank()) {
            progress.accept("creating database " + DATABASE);
            adminSql("CREATE DATABASE " + DATABASE + " OWNER " + USERNAME);
        }
    }

    private String adminSql(String sql) {
        return Commands.run(PostgresUser.command(List.of(binaries.psql(), "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-U", SUPERUSER, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qtA", "-c", sql)),
                Map.of("PGPASSWORD", SUPERUSER_PASSWORD), PG_CTL_TIMEOUT);
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

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("overtime-postgres-");
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
