package dev.overtime.deploychecks;

import java.util.List;
import java.util.Map;

/** Null-tolerant navigation of parsed YAML (maps, lists and scalars). */
final class Tree {

    private Tree() {
    }

    /** The value at {@code path} (map keys), or null where any step is missing. */
    static Object at(Object node, String... path) {
        Object current = node;
        for (String step : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(step);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String... path) {
        Object value = at(node, path);
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String... path) {
        Object value = at(node, path);
        return value instanceof List<?> ? (List<Object>) value : List.of();
    }

    static String string(Object node, String... path) {
        Object value = at(node, path);
        return value == null ? null : String.valueOf(value);
    }

    static int integer(Object node, String... path) {
        Object value = at(node, path);
        if (value == null) {
            throw new AssertionError("missing " + String.join(".", path));
        }
        return value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value));
    }
}
