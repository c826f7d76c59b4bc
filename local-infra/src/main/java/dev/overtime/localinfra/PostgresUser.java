package dev.overtime.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL refuses to run as root, so when we are root its programs run as the {@code postgres} OS user. */
final class PostgresUser {

    private static final String NAME = "postgres";

    private PostgresUser() {
    }

    static boolean weAreRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The command, wrapped in setpriv when we are root. */
    static List<String> command(List<String> command) {
        if (!weAreRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + NAME, "--regid=" + NAME, "--init-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives a directory we created to the postgres user, so the server can write there. */
    static void own(Path directory) {
        if (!weAreRoot()) {
            return;
        }
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(directory, PosixFileAttributeView.class);
            view.setOwner(lookup.lookupPrincipalByName(NAME));
            view.setGroup(lookup.lookupPrincipalByGroupName(NAME));
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("OS user '" + NAME + "' is missing; it comes with Debian's package: "
                    + "`apt-get update && apt-get install -y postgresql`", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails with a hint when the postgres user cannot write {@code directory}, e.g. under a private parent. */
    static void requireWritable(Path directory) {
        if (!weAreRoot()) {
            return;
        }
        try {
            Commands.run(command(List.of("test", "-w", directory.toString())), java.time.Duration.ofSeconds(10));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the " + NAME + " OS user cannot write " + directory
                    + " (is a parent directory private?)", e);
        }
    }
}
