package dev.overtime.localinfra.stack;

/** What the local stack tells the person at the terminal: progress on stderr, so stdout carries only answers. */
final class Console {

    private Console() {
    }

    static void say(String message) {
        System.err.println("==> " + message);
    }
}
