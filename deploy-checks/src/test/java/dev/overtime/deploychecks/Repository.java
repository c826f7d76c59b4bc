package dev.overtime.deploychecks;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checked-in files live: the repository root, as Maven passes it (or the parent of this module). */
final class Repository {

    private Repository() {
    }

    static Path root() {
        String configured = System.getProperty("overtime.repository.root");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        if (!Files.isRegularFile(root.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("not the repository root (no docker-compose.yml): " + root);
        }
        return root;
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }
}
