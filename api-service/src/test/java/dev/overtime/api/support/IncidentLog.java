package dev.overtime.api.support;

import org.jboss.logmanager.ExtLogRecord;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures the structured incident events the API logs, with their MDC fields, for assertions. */
public final class IncidentLog extends Handler implements AutoCloseable {

    private static final List<String> CATEGORIES = List.of("dev.overtime.api.upstream", "dev.overtime.api.request");

    private final List<Map<String, String>> events = new CopyOnWriteArrayList<>();

    public static IncidentLog capture() {
        IncidentLog log = new IncidentLog();
        CATEGORIES.forEach(category -> Logger.getLogger(category).addHandler(log));
        return log;
    }

    @Override
    public void publish(LogRecord record) {
        if (record instanceof ExtLogRecord ext && ext.getMdcCopy().containsKey("event")) {
            events.add(Map.copyOf(ext.getMdcCopy()));
        }
    }

    /** Events with the given name for the given request id. */
    public List<Map<String, String>> events(String event, String requestId) {
        return events.stream().filter(e -> event.equals(e.get("event")) && requestId.equals(e.get("requestId"))).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        CATEGORIES.forEach(category -> Logger.getLogger(category).removeHandler(this));
    }
}
