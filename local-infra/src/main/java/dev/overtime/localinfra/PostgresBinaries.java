package dev.overtime.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the PostgreSQL server programs: {@code OVERTIME_PG_BIN}, else Debian's highest {@code /usr/lib/postgresql/<v>/bin}. */
record PostgresBinaries(Path binDir) {

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    static PostgresBinaries find() {
        String override = System.getenv("OVERTIME_PG_BIN");
        if (override != null && !override.isBlank()) {
            return requireInitdb(Path.of(override));
        }
        return debianBinDir().map(PostgresBinaries::requireInitdb).orElseThrow(() -> new IllegalStateException(
                "PostgreSQL server binaries not found under " + DEBIAN_ROOT + "/*/bin. Install them with "
                        + "`apt-get update && apt-get install -y postgresql` (or set OVERTIME_PG_BIN to a bin directory)."));
    }

    String initdb() {
        return binDir.resolve("initdb").toString();
    }

    String pgCtl() {
        return binDir.resolve("pg_ctl").toString();
    }

    String psql() {
        // Debian keeps psql in the versioned bin directory too; fall back to PATH elsewhere.
        Path local = binDir.resolve("psql");
        return Files.isExecutable(local) ? local.toString() : "psql";
    }

    private static Optional<Path> debianBinDir() {
        if (!Files.isDirectory(DEBIAN_ROOT)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
            return versions
                    .filter(dir -> Files.isExecutable(dir.resolve("bin/initdb")))
                    .max(Comparator.comparingDouble(PostgresBinaries::version))
                    .map(dir -> dir.resolve("bin"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double version(Path versionDir) {
        try {
            return Double.parseDouble(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static PostgresBinaries requireInitdb(Path binDir) {
        if (!Files.isExecutable(binDir.resolve("initdb"))) {
            throw new IllegalStateException("no executable initdb in " + binDir
                    + "; install PostgreSQL with `apt-get update && apt-get install -y postgresql`");
        }
        return new PostgresBinaries(binDir);
    }
}
