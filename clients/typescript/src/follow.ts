import { OvertimeError, isRetryableStatus } from "./errors.js";
import type { Http } from "./http.js";
import { readEvents } from "./sse.js";
import { deadline, sleep } from "./signals.js";
import { isTerminal, type Job, type JobAnswer, type PartialImage } from "./types.js";

/** The event names of GET /v1/image-edits/{id}/events. */
export type JobEventName = "queued" | "running" | "partial_image" | "succeeded" | "failed" | "canceled";

/** One change of a job, as the event stream delivers it. */
export interface JobEvent {
  event: JobEventName;
  /** The event id: resume after it with Last-Event-ID ("3", or "3.1" for a partial image at version 3). */
  id: string;
  job: Job;
  partialImage?: PartialImage;
}

export interface StreamOptions {
  /** Resume after this event id: only later events are sent. */
  lastEventId?: string;
  signal?: AbortSignal;
  /**
   * Give up on a connection that delivers nothing, not even the 15 s heartbeat, for this long (default 45 s).
   * It also bounds the wait for the first event: a resumed stream sends nothing until the job changes.
   */
  idleTimeoutMs?: number;
}

export interface WaitOptions {
  /** Every state the job passes through (not partial images), starting with the current one. */
  onUpdate?: (job: Job, event: JobEvent | undefined) => void;
  /** Each partial image as the worker stores it (fetch the bytes with imageEdits.partialImage). */
  onPartialImage?: (partialImage: PartialImage, job: Job) => void;
  /** Called once when the client gives up on the event stream and polls instead. */
  onFallback?: (reason: unknown) => void;
  signal?: AbortSignal;
  /** Reject with OvertimeError TIMEOUT when the job has not finished by then (default: wait as long as it takes). */
  timeoutMs?: number;
  /** "auto" (default): the event stream, polling when streams are blocked. "sse" or "poll" to force one. */
  transport?: "auto" | "sse" | "poll";
  /** Resume after an event id seen earlier (e.g. before a page reload). */
  lastEventId?: string;
  /** Stream failures in a row before "auto" switches to polling (default 2). */
  maxStreamFailures?: number;
  idleTimeoutMs?: number;
}

/** What the follower needs from the resource: an HTTP transport and a conditional GET. */
export interface Followable {
  readonly http: Http;
  get(id: string, options: { signal?: AbortSignal }): Promise<JobAnswer>;
}

const DEFAULT_IDLE_MS = 45_000;
const DEFAULT_RECONNECT_MS = 1_000;
const MAX_RECONNECT_MS = 10_000;
const DEFAULT_POLL_MS = 2_000;

class StreamIdle extends Error {}

/** The job's events over one connection; ends when the server closes it (after the terminal event, or 204). */
export async function* streamJob(target: Followable, id: string, options: StreamOptions = {},
                                 onRetry: (ms: number) => void = () => {}): AsyncGenerator<JobEvent> {
  const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_MS;
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) throw options.signal.reason;
  options.signal?.addEventListener("abort", onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = new StreamIdle(`no data for ${idleMs} ms`);
  const touch = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => controller.abort(idle), idleMs);
  };
  try {
    touch();
    let response: Response;
    try {
      response = await target.http.open({
        method: "GET",
        path: `/v1/image-edits/${encodeURIComponent(id)}/events`,
        headers: { Accept: "text/event-stream", "Cache-Control": "no-cache", "Last-Event-ID": options.lastEventId || undefined },
        idempotent: false,
        signal: controller.signal,
        timeoutMs: Number.POSITIVE_INFINITY,
        accept: [204],
      });
    } catch (thrown) {
      throw controller.signal.reason === idle ? idle : thrown;
    }
    if (response.status === 204) return; // the terminal event was already seen: nothing more will come
    const type = response.headers.get("Content-Type") ?? "";
    if (!type.startsWith("text/event-stream") || !response.body) {
      await response.body?.cancel().catch(() => {});
      // A proxy or gateway answered in the stream's place.
      throw new OvertimeError({ status: response.status, code: "INVALID_RESPONSE",
        message: `Expected an event stream, got ${type || "no content type"}.` });
    }
    try {
      for await (const message of readEvents(response.body, options.lastEventId ?? "", touch)) {
        if (message.retry !== undefined) onRetry(message.retry);
        if (message.event === "" || message.event === "message") continue;
        const job = JSON.parse(message.data) as Job;
        const event: JobEvent = { event: message.event as JobEventName, id: message.id, job };
        if (job.partialImage) event.partialImage = job.partialImage;
        yield event;
      }
    } catch (thrown) {
      if (controller.signal.reason === idle) throw idle;
      if (options.signal?.aborted) throw options.signal.reason;
      throw thrown instanceof OvertimeError ? thrown : new OvertimeError({ status: 0, code: "CONNECTION_ERROR",
        message: `The event stream broke off: ${thrown instanceof Error ? thrown.message : String(thrown)}`, cause: thrown });
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
    controller.abort();
  }
}

/** Follows a job to its terminal state: the event stream with resume, polling when streams are blocked. */
export async function waitForJob(target: Followable, id: string, options: WaitOptions = {}): Promise<Job> {
  const limit = deadline(options.signal, options.timeoutMs);
  try {
    return await follow(target, id, options, limit.signal);
  } catch (thrown) {
    if (limit.timedOut()) {
      throw new OvertimeError({ status: 0, code: "TIMEOUT",
        message: `Job ${id} did not finish within ${options.timeoutMs} ms.`, cause: thrown });
    }
    throw thrown;
  } finally {
    limit.dispose();
  }
}

async function follow(target: Followable, id: string, options: WaitOptions, signal: AbortSignal): Promise<Job> {
  let transport = options.transport ?? "auto";
  const maxFailures = transport === "sse" ? Number.POSITIVE_INFINITY : (options.maxStreamFailures ?? 2);
  let lastEventId = options.lastEventId ?? "";
  let lastJob: Job | undefined;
  let failures = 0;
  let reconnectMs = DEFAULT_RECONNECT_MS;

  while (transport !== "poll") {
    let delivered = false;
    let pause = reconnectMs;
    try {
      const events = streamJob(target, id, { lastEventId, signal, idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_MS },
        (ms) => { reconnectMs = Math.min(ms, MAX_RECONNECT_MS); });
      for await (const event of events) {
        delivered = true;
        failures = 0;
        lastEventId = event.id;
        if (event.event === "partial_image") {
          if (event.partialImage) options.onPartialImage?.(event.partialImage, event.job);
          continue;
        }
        lastJob = event.job;
        options.onUpdate?.(event.job, event);
        if (isTerminal(event.job.status)) return event.job;
      }
      if (!delivered) {
        // 204 (the end was seen before a reconnect), or a stream ended with nothing new: ask for the job itself.
        const job = await target.get(id, { signal });
        if (isTerminal(job.status)) return report(job, lastJob, options);
        if (streamMissed(job, lastJob)) failures++;
      }
      // Otherwise the connection ended before the terminal event: resume after the last id.
    } catch (thrown) {
      if (signal.aborted) throw signal.reason;
      if (thrown instanceof StreamIdle) {
        // Nothing arrived for a while. Quiet job, or a proxy holding the stream back? The job itself says.
        const job = await target.get(id, { signal });
        if (isTerminal(job.status)) return report(job, lastJob, options);
        if (!streamMissed(job, lastJob)) continue;
        failures++;
      } else if (thrown instanceof OvertimeError && thrown.problem && !isRetryableStatus(thrown.status)) {
        throw thrown; // the API's own answer (401, 404 …): polling would get the same one
      } else {
        failures++;
        if (thrown instanceof OvertimeError && thrown.retryAfterMs !== undefined) pause = thrown.retryAfterMs;
      }
      if (failures >= maxFailures) {
        options.onFallback?.(thrown);
        transport = "poll";
        break;
      }
    }
    await sleep(pause, signal);
  }
  return poll(target, id, options, signal, lastJob);
}

/** Polls with the ETag (304 while unchanged), paced by the answer's Retry-After. */
async function poll(target: Followable, id: string, options: WaitOptions, signal: AbortSignal,
                    lastJob: Job | undefined): Promise<Job> {
  let lastEtag: string | undefined;
  for (;;) {
    const job = await target.get(id, { signal });
    if (job.etag === undefined || job.etag !== lastEtag) {
      lastEtag = job.etag;
      if (!lastJob || JSON.stringify(lastJob) !== JSON.stringify(job)) options.onUpdate?.(job, undefined);
      lastJob = job;
    }
    if (isTerminal(job.status)) return job;
    await sleep(job.retryAfterMs ?? DEFAULT_POLL_MS, signal);
  }
}

/**
 * Whether a stream that brought nothing failed us. A quiet job behind a proxy that ends streams after a while
 * (or a resumed stream, which stays silent until the job changes) is fine; a first connection that brings
 * nothing, or one that stayed silent through a change of status, is not.
 */
function streamMissed(job: Job, lastJob: Job | undefined): boolean {
  return !lastJob || job.status !== lastJob.status;
}

function report(job: Job, lastJob: Job | undefined, options: WaitOptions): Job {
  if (!lastJob || lastJob.status !== job.status) options.onUpdate?.(job, undefined);
  return job;
}
