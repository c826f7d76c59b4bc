package dev.overtime.api.auth;

import io.vertx.core.http.HttpMethod;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a job token reaches: reads of its own job, nothing else. */
final class JobTokenScope {

    /** How a request stands to a token. */
    enum Reach {
        /** A read of the token's job: served as its key. */
        WITHIN,
        /** Any request about another job: answered like a missing job, so a token reveals no other job's existence. */
        OTHER_JOB,
        /** Submit, cancel, list, mint tokens, anything else: {@code 403 OUTSIDE_TOKEN_SCOPE}. */
        NOT_ALLOWED
    }

    private static final Pattern JOB_PATH = Pattern.compile("/v1/image-edits/([^/]+)(/.*)?");
    // Status, events, outputs, their variants and partial images: what a page following the job reads.
    private static final Pattern READS = Pattern.compile(
            "|/events|/outputs/[^/]+|/outputs/[^/]+/variants/[^/]+|/partial-images/[^/]+");

    private JobTokenScope() {
    }

    static Reach of(HttpMethod method, String path, UUID tokenJob) {
        Matcher job = JOB_PATH.matcher(path);
        if (!job.matches()) {
            return Reach.NOT_ALLOWED;
        }
        if (!sameJob(job.group(1), tokenJob)) {
            return Reach.OTHER_JOB;
        }
        String rest = job.group(2) == null ? "" : job.group(2);
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        return read && READS.matcher(rest).matches() ? Reach.WITHIN : Reach.NOT_ALLOWED;
    }

    private static boolean sameJob(String pathId, UUID tokenJob) {
        try {
            return UUID.fromString(pathId).equals(tokenJob);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
