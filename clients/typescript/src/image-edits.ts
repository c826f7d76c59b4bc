import { editForm, type EditFields } from "./form.js";
import { streamJob, waitForJob, type JobEvent, type StreamOptions, type WaitOptions } from "./follow.js";
import type { Http } from "./http.js";
import { parseRetryAfter } from "./retry-after.js";
import type { AnswerMeta, Job, JobAnswer, JobPage } from "./types.js";

export interface CallOptions {
  signal?: AbortSignal;
  /** Per attempt, overriding the client's timeoutMs. */
  timeoutMs?: number;
}

export interface CreateParams extends EditFields, CallOptions {
  /** Stripe-style: the same key and request replays the first answer; makes the submit safe to retry. */
  idempotencyKey?: string;
  /** Prefer: wait=N (at most 25): hold the answer until the job finishes or N seconds pass. */
  waitSeconds?: number;
}

export interface GetOptions extends CallOptions {
  /** Prefer: wait=N (at most 25): hold the answer until the job finishes or N seconds pass. */
  waitSeconds?: number;
}

export interface ListParams extends CallOptions {
  /** Jobs per page, 1-100 (the API's default is 20). */
  limit?: number;
  cursor?: string;
}

/** One delivery of a job's webhook, from its delivery log. */
export interface WebhookDelivery {
  id: string;
  event: string;
  status: string;
  attempts: number;
  nextAttemptAt?: string;
  lastStatus?: number;
  lastError?: string;
  createdAt: string;
  deliveredAt?: string;
}

export interface TokenOptions extends CallOptions {
  /** The token's life in seconds, 1 to 3600 (the API's default: 900). */
  ttlSeconds?: number;
}

/** A job token: reads one job (status, events, outputs, a WebSocket subscription) until expiresAt. */
export interface JobToken {
  /** "jt_…": for a browser, as `new Overtime({ baseUrl, token })` or `?access_token=` where no header can go. */
  token: string;
  /** ISO-8601 instant. */
  expiresAt: string;
}

const ETAG_CACHE_SIZE = 256;

/** The image edits of the API: submit, look up, list, cancel, fetch outputs, follow. */
export class ImageEdits {
  /** The last job seen per id with its ETag, so a GET can send If-None-Match and reuse it on 304. */
  private readonly seen = new Map<string, { etag: string; job: Job }>();

  constructor(readonly http: Http) {}

  /** POST /v1/image-edits: 202 with the queued job in milliseconds (200 for reuse, or a finished Prefer: wait). */
  async create(params: CreateParams): Promise<JobAnswer> {
    const { idempotencyKey, waitSeconds, signal, timeoutMs, ...fields } = params;
    return this.http.request({
      method: "POST",
      path: "/v1/image-edits",
      headers: { "Idempotency-Key": idempotencyKey, Prefer: preferWait(waitSeconds) },
      body: editForm(fields),
      // With an Idempotency-Key a second send replays the first answer: safe to retry.
      idempotent: idempotencyKey !== undefined,
      signal,
      timeoutMs: timeoutMs ?? (waitSeconds ? waitSeconds * 1000 + 30_000 : undefined),
    }, (response) => this.answer(response));
  }

  /** GET /v1/image-edits/{id}, conditional: a 304 answers with the job seen last. */
  async get(id: string, options: GetOptions = {}): Promise<JobAnswer> {
    const cached = this.seen.get(id);
    return this.http.request({
      method: "GET",
      path: jobPath(id),
      headers: { "If-None-Match": cached?.etag, Prefer: preferWait(options.waitSeconds) },
      idempotent: true,
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? (options.waitSeconds ? options.waitSeconds * 1000 + 30_000 : undefined),
      accept: [304],
    }, async (response) => {
      if (response.status === 304 && cached) {
        await response.body?.cancel();
        return withMeta({ ...cached.job }, meta(response, cached.etag));
      }
      return this.answer(response);
    });
  }

  /**
   * GET /v1/image-edits, newest first. Await it for the first page, or iterate every page:
   * `for await (const page of client.imageEdits.list({ limit: 50 })) …`
   */
  list(params: ListParams = {}): JobListing {
    return new JobListing((cursor) => this.page({ ...params, cursor }), params.cursor);
  }

  /** POST /v1/image-edits/{id}/cancel: queued or running → canceled; finished → the job as it is. */
  async cancel(id: string, options: CallOptions = {}): Promise<JobAnswer> {
    return this.http.request({
      method: "POST",
      path: `${jobPath(id)}/cancel`,
      idempotent: true, // canceling twice leaves the job as canceling once does
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    }, (response) => this.answer(response));
  }

  /**
   * POST /v1/image-edits/{id}/tokens: a token that only reads this job, to hand to a browser instead of the API key
   * (which minting needs: call it server side).
   */
  async tokens(id: string, options: TokenOptions = {}): Promise<JobToken> {
    return this.http.request({
      method: "POST",
      path: `${jobPath(id)}/tokens`,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(options.ttlSeconds === undefined ? {} : { ttlSeconds: options.ttlSeconds }),
      idempotent: true, // a second mint only makes a second token, as good as the first
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    }, async (response) => {
      const minted = (await response.json()) as JobToken;
      return { token: minted.token, expiresAt: minted.expiresAt };
    });
  }

  /** GET /v1/image-edits/{id}/outputs/{index}: the image, typed (image/png, image/jpeg or image/webp). */
  async output(id: string, index = 0, options: CallOptions = {}): Promise<Blob> {
    return this.bytes(`${jobPath(id)}/outputs/${index}`, options);
  }

  /** GET /v1/image-edits/{id}/partial-images/{index}: a partial image stored while the edit ran. */
  async partialImage(id: string, index: number, options: CallOptions = {}): Promise<Blob> {
    return this.bytes(`${jobPath(id)}/partial-images/${index}`, options);
  }

  /** GET /v1/image-edits/{id}/webhook-deliveries: the job's webhook delivery log. */
  async webhookDeliveries(id: string, options: CallOptions = {}): Promise<WebhookDelivery[]> {
    return this.http.request({ method: "GET", path: `${jobPath(id)}/webhook-deliveries`, idempotent: true, ...options },
      async (response) => {
        const body = (await response.json()) as WebhookDelivery[] | { data: WebhookDelivery[] };
        return Array.isArray(body) ? body : body.data;
      });
  }

  /**
   * The job's changes over Server-Sent Events (one connection; resume with lastEventId). Sends the key as a
   * header, not in the URL: it reads the stream with fetch, so no EventSource is needed.
   */
  stream(id: string, options: StreamOptions = {}): AsyncGenerator<JobEvent> {
    return streamJob(this, id, options);
  }

  /** Resolves with the job once it is succeeded, failed or canceled (never rejects for a failed job). */
  wait(id: string, options: WaitOptions = {}): Promise<Job> {
    return waitForJob(this, id, options);
  }

  /** create, then wait: the finished job. onUpdate sees the queued job first. */
  async createAndWait(params: CreateParams & WaitOptions): Promise<Job> {
    const { onUpdate, onPartialImage, onFallback, transport, maxStreamFailures, idleTimeoutMs, timeoutMs, ...create } = params;
    const started = Date.now();
    const job = await this.create({ ...create, timeoutMs: undefined });
    onUpdate?.(job, undefined);
    if (job.status === "succeeded" || job.status === "failed" || job.status === "canceled") return job;
    const waitOptions: WaitOptions = { onPartialImage, onFallback, transport, maxStreamFailures, idleTimeoutMs, signal: params.signal };
    if (onUpdate) waitOptions.onUpdate = (updated, event) => { if (event?.id !== undefined || updated.status !== job.status) onUpdate(updated, event); };
    if (timeoutMs !== undefined) waitOptions.timeoutMs = Math.max(0, timeoutMs - (Date.now() - started));
    return this.wait(job.id, waitOptions);
  }

  private async page(params: ListParams): Promise<JobPage> {
    return this.http.request({
      method: "GET",
      path: "/v1/image-edits",
      query: { limit: params.limit, cursor: params.cursor },
      idempotent: true,
      signal: params.signal,
      timeoutMs: params.timeoutMs,
    }, async (response) => {
      const page = (await response.json()) as JobPage;
      return { data: page.data, nextCursor: page.nextCursor ?? null, hasMore: page.hasMore };
    });
  }

  private async bytes(path: string, options: CallOptions): Promise<Blob> {
    return this.http.request({
      method: "GET",
      path,
      headers: { Accept: "image/png, image/jpeg, image/webp, application/json;q=0.1" },
      idempotent: true,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    }, (response) => response.blob());
  }

  private async answer(response: Response): Promise<JobAnswer> {
    const job = (await response.json()) as Job;
    const etag = response.headers.get("ETag") ?? undefined;
    if (etag) this.remember(job.id, etag, job);
    return withMeta(job, meta(response, etag));
  }

  private remember(id: string, etag: string, job: Job): void {
    this.seen.delete(id);
    this.seen.set(id, { etag, job: { ...job } });
    if (this.seen.size > ETAG_CACHE_SIZE) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}

/** Await it for the first page; iterate it for every page, following nextCursor. */
export class JobListing implements PromiseLike<JobPage>, AsyncIterable<JobPage> {
  private first: Promise<JobPage> | undefined;

  constructor(private readonly load: (cursor: string | undefined) => Promise<JobPage>,
              private readonly cursor: string | undefined) {}

  then<A = JobPage, B = never>(onFulfilled?: ((page: JobPage) => A | PromiseLike<A>) | null,
                               onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    this.first ??= this.load(this.cursor);
    return this.first.then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<JobPage | B> {
    return this.then(undefined, onRejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<JobPage> {
    let cursor = this.cursor;
    for (;;) {
      const page = await this.load(cursor);
      yield page;
      if (!page.hasMore || !page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }
}

function jobPath(id: string): string {
  return `/v1/image-edits/${encodeURIComponent(id)}`;
}

function preferWait(seconds: number | undefined): string | undefined {
  return seconds === undefined ? undefined : `wait=${Math.max(0, Math.floor(seconds))}`;
}

function meta(response: Response, etag: string | undefined): AnswerMeta {
  const degraded = response.headers.get("Overtime-Degraded");
  return {
    httpStatus: response.status,
    retryAfterMs: parseRetryAfter(response.headers.get("Retry-After")),
    etag,
    replayed: response.headers.get("Idempotent-Replayed") === "true",
    degradedUpstreams: degraded ? degraded.split(",").map((s) => s.trim()).filter(Boolean) : [],
    requestId: response.headers.get("X-Request-Id") ?? undefined,
  };
}

/** Adds the answer's metadata without making it part of the job's JSON. */
function withMeta(job: Job, answer: AnswerMeta): JobAnswer {
  for (const [key, value] of Object.entries(answer)) {
    Object.defineProperty(job, key, { value, enumerable: false, configurable: true });
  }
  return job as JobAnswer;
}
