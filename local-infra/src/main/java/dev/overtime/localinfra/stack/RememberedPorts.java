package dev.overtime.localinfra.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A server's port is chosen once (its default if free, else the next free one) and remembered in
 * {@code .overtime/ports/<name>}, so restarts keep its address. Kafka's broker and controller ports are both
 * chosen before Kafka listens on either, so a port only counts as free if no other name has it remembered.
 */
final class RememberedPorts {

    private final Path dir;

    RememberedPorts(Path dir) {
        this.dir = dir;
    }

    int port(String name, int preferred) {
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            if (Files.exists(file) && rememberedByOther(name, read(file))) {
                Console.say("port " + read(file) + " of " + name + " is also remembered for another component; choosing again");
                Files.delete(file);
            }
            if (!Files.exists(file)) {
                int port = preferred;
                while (inUse(port) || rememberedByOther(name, port)) {
                    port++;
                }
                Files.writeString(file, port + "\n");
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether something accepts connections on the loopback port. */
    static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean rememberedByOther(String name, int port) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(other -> !other.getFileName().toString().equals(name))
                    .anyMatch(other -> read(other) == port);
        }
    }

    private static int read(Path file) {
        try {
            return Integer.parseInt(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
