package dev.overtime.common;

/**
 * Every stable, machine-readable error code Overtime answers with or records on a failed job.
 * Frontends switch on these; never rename one, only add.
 */
public enum ErrorCode {
    // Request shape and content (4xx from the API)
    INVALID_REQUEST,
    MALFORMED_MULTIPART,
    TOO_MANY_PARTS,
    UNSUPPORTED_MEDIA_TYPE,
    PAYLOAD_TOO_LARGE,
    /** A JSON body sent without a Content-Length (chunked): it could only be bounded after reading it. */
    LENGTH_REQUIRED,
    IMAGE_REQUIRED,
    TOO_MANY_IMAGES,
    INVALID_IMAGE,
    INVALID_MASK,
    MASK_SIZE_MISMATCH,
    MASK_WITHOUT_ALPHA,
    PROMPT_REQUIRED,
    PROMPT_TOO_LONG,
    UNKNOWN_MODEL,
    /**
     * A model past its configured sunset ({@code overtime.api.models."<model>".sunset}) whose operator chose
     * {@code on-sunset=refuse}; the message names the successor. Nothing of the request was stored.
     */
    MODEL_RETIRED,
    INVALID_SIZE,
    INVALID_PARAMETER,
    INVALID_CURSOR,
    /** A batch with more items than {@code overtime.api.batches.max-items} (500); nothing of it was stored. */
    TOO_MANY_ITEMS,
    /** An image whose declared canvas or decoded size is over the limits (checked before any pixel is decoded). */
    IMAGE_TOO_LARGE,
    /** The output existed but retention deleted it ({@code overtime.retention.outputs}). */
    OUTPUT_EXPIRED,

    // Identity and lookup
    UNAUTHENTICATED,
    FORBIDDEN,
    /**
     * A full API key in a URL ({@code ?access_token=}): URLs end up in logs and histories, so only job tokens
     * ({@code POST /v1/image-edits/{id}/tokens}) are taken there.
     */
    API_KEY_IN_URL,
    /** A job token past its {@code expiresAt}: mint a new one. */
    TOKEN_EXPIRED,
    /** A job token used for anything but reading its own job (submit, cancel, list, minting tokens). */
    OUTSIDE_TOKEN_SCOPE,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    // The caller's plan (from the accounts upstream) does not allow this request
    NOT_ENTITLED,
    CREDITS_EXHAUSTED,
    /**
     * The edit's estimated cost would take its owner's month-to-date spend (plus what running edits reserve) over the
     * owner's {@code monthlyBudgetUsd}; the message says the budget, the spend and the estimate. Nothing was stored.
     */
    BUDGET_EXCEEDED,

    // Our own dependencies and limits
    SERVICE_UNAVAILABLE,
    UPSTREAM_TIMEOUT,
    UPSTREAM_ERROR,
    UPSTREAM_UNAVAILABLE,
    DEADLINE_EXCEEDED,
    /** The process is at a resource limit (upload bytes, decoding budget); retry after Retry-After. */
    OVERLOADED,
    /** The caller holds as many SSE streams, WebSockets or {@code Prefer: wait} answers as it may (or the process does). */
    TOO_MANY_STREAMS,
    /**
     * The owner already has {@code maxQueuedJobs} edits waiting (owner limits,
     * {@code PUT /admin/owners/{owner}/limits}); nothing of the request was stored. Retry once some have started.
     */
    QUEUE_FULL,
    /** The submit asked for a {@code priority} above the owner's {@code maxPriority}; nothing was stored. */
    PRIORITY_NOT_ALLOWED,
    /** The request body arrived slower than the minimum rate ({@code overtime.api.limits.http.min-body-bytes-per-second}). */
    REQUEST_TIMEOUT,
    INTERNAL_ERROR,

    // Outcomes of the OpenAI call, recorded on failed jobs; RATE_LIMITED also answers a caller over its request rate
    RATE_LIMITED,
    INSUFFICIENT_QUOTA,
    MODERATION_BLOCKED,
    UPSTREAM_REJECTED,
    UPSTREAM_AUTH_FAILED,
    CANCELED,
    /**
     * An input given as a URL could not be fetched: the message says why (the status it answered, a timeout, too
     * large, refused by the address policy). Bytes that arrived but are no image end the job INVALID_IMAGE instead.
     */
    INPUT_FETCH_FAILED,

    // Reliability: idempotent submission, the attempt ledger and dead letters
    IDEMPOTENCY_KEY_REUSED,
    IDEMPOTENCY_IN_PROGRESS,
    /** An attempt whose worker died or handed the job back before the upstream answered. */
    ATTEMPT_ABANDONED,
    /** A request record that no worker can read (unparseable, unknown schema version). */
    POISON_MESSAGE
}
