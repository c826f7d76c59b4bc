package dev.overtime.common;

import java.util.List;

/** Kafka topic names that the services agree on. */
public final class Topics {

    /** Accepted jobs, keyed by job id; each record is an {@code ImageEditRequested} reference, never image bytes. */
    public static final String IMAGE_EDIT_REQUESTS = "image-edit.requests";

    /** Job lifecycle events in CloudEvents structured form, keyed by job id, for analytics consumers. */
    public static final String IMAGE_EDIT_EVENTS = "image-edit.events";

    /**
     * Request records no worker can read (unparseable, unknown schema version), with the reason in the
     * {@code dead-letter-*} headers; an operator lists and re-drives them through api-service's {@code /admin/dead-letters}.
     */
    public static final String IMAGE_EDIT_REQUESTS_DLQ = "image-edit.requests.dlq";

    /** Every topic above: what the local stack, docker-compose.yml and the Kubernetes manifests must create. */
    public static final List<String> ALL = List.of(IMAGE_EDIT_REQUESTS, IMAGE_EDIT_EVENTS, IMAGE_EDIT_REQUESTS_DLQ);

    private Topics() {
    }
}
