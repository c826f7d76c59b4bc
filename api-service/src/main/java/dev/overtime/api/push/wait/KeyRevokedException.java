package dev.overtime.api.push.wait;

/** The key a held answer was admitted with was revoked while it waited. */
final class KeyRevokedException extends RuntimeException {

    KeyRevokedException() {
        super("The API key was revoked.", null, false, false);
    }
}
