package dev.overtime.storage;

/** The store has no object under this key (never written, deleted, or expired by a lifecycle rule). */
public class ObjectNotFoundException extends RuntimeException {

    private final String key;

    public ObjectNotFoundException(String key, Throwable cause) {
        super("no object under key " + key, cause);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
