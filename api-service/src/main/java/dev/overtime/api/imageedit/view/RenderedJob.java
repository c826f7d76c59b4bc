package dev.overtime.api.imageedit.view;

import dev.overtime.common.JobStatus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * A job's status answer rendered once: the JSON of its {@link JobView} without the queue position (which moves
 * while the version stands still), with what a status read still needs around it: owner, status, version, queue
 * ticket and start time. What a replica keeps in {@link JobSnapshotCache}.
 */
public record RenderedJob(UUID id, String owner, JobStatus status, long version, Long queueTicket,
                          Instant startedAt, byte[] json) {

    private static final byte[] POSITION = ",\"queuePosition\":".getBytes(StandardCharsets.US_ASCII);

    public String etag() {
        return JobSnapshot.etag(id, version);
    }

    public boolean terminal() {
        return status.isTerminal();
    }

    /**
     * The body with its queue position: the view's last property, so it is appended before the closing brace
     * exactly where Jackson would have written it, without serialising the view again.
     */
    public JobJson withQueuePosition(Integer position) {
        if (position == null) {
            return new JobJson(id, status, json);
        }
        byte[] digits = Integer.toString(position).getBytes(StandardCharsets.US_ASCII);
        int end = json.length - 1;
        byte[] body = Arrays.copyOf(json, end + POSITION.length + digits.length + 1);
        System.arraycopy(POSITION, 0, body, end, POSITION.length);
        System.arraycopy(digits, 0, body, end + POSITION.length, digits.length);
        body[body.length - 1] = '}';
        return new JobJson(id, status, body);
    }
}
