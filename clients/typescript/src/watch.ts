import { backoff } from "./http.js";
import type { JobEvent, JobEventName } from "./follow.js";
import { isTerminal, type Job } from "./types.js";

/** An error the socket reported: for one job (NOT_FOUND), or for the socket (UNAUTHENTICATED, INVALID_REQUEST). */
export interface WatchError {
  code: string;
  message: string;
  jobId?: string;
}

export interface WatchOptions {
  /** Each event of each subscribed job; after a job's terminal event it is unsubscribed by itself. */
  onEvent: (event: JobEvent & { jobId: string }) => void;
  onError?: (error: WatchError) => void;
  signal?: AbortSignal;
  /** The WebSocket class; defaults to the platform's (browsers, Node ≥ 22, Deno, Bun, edge runtimes). */
  WebSocket?: typeof WebSocket;
  /** Reconnect after an unexpected close, resuming each job after its last event (default true). */
  reconnect?: boolean;
}

/**
 * Follows many jobs over one WebSocket (GET /v1/ws). The credential goes in the first message, never in the
 * URL. After a dropped connection it reconnects and resubscribes each unfinished job with its lastEventId.
 */
export class JobWatcher {
  private socket: WebSocket | undefined;
  private readonly jobs = new Map<string, string>(); // job id → last event id seen
  private authenticated = false;
  private closed = false;
  private attempt = 0;
  private readyResolve!: () => void;
  private readyReject!: (error: unknown) => void;
  /** Resolves once the socket is authenticated; rejects when the credential is refused. */
  readonly ready: Promise<void>;

  constructor(private readonly url: string, private readonly credential: string | undefined,
              private readonly options: WatchOptions) {
    this.ready = new Promise((resolve, reject) => { this.readyResolve = resolve; this.readyReject = reject; });
    this.ready.catch(() => {}); // a caller that never awaits ready still hears of it through onError
    options.signal?.addEventListener("abort", () => this.close(), { once: true });
    this.connect();
  }

  /** Follows a job (again after lastEventId, if given). */
  subscribe(jobId: string, lastEventId?: string): void {
    if (!this.jobs.has(jobId) || lastEventId !== undefined) this.jobs.set(jobId, lastEventId ?? "");
    if (this.authenticated) this.send({ subscribe: jobId, ...(this.jobs.get(jobId) && { lastEventId: this.jobs.get(jobId) }) });
  }

  unsubscribe(jobId: string): void {
    this.jobs.delete(jobId);
    if (this.authenticated) this.send({ unsubscribe: jobId });
  }

  /** The jobs still followed (not yet finished). */
  get following(): string[] {
    return [...this.jobs.keys()];
  }

  close(): void {
    this.closed = true;
    this.socket?.close(1000, "done");
  }

  private connect(): void {
    const Socket = this.options.WebSocket ?? globalThis.WebSocket;
    if (typeof Socket !== "function") {
      throw new TypeError("Overtime.watch: no WebSocket on this platform (Node < 22?); pass options.WebSocket");
    }
    const socket = new Socket(this.url);
    this.socket = socket;
    this.authenticated = false;
    socket.onopen = () => {
      if (this.credential) this.send({ auth: this.credential });
    };
    socket.onmessage = (message: MessageEvent) => this.received(String(message.data));
    socket.onclose = (event: CloseEvent) => {
      this.authenticated = false;
      if (this.closed) return;
      if (event.code === 1008) {
        // Refused (unauthenticated): reconnecting would be refused again.
        this.closed = true;
        this.readyReject(Object.assign(new Error(event.reason || "refused"), { code: "UNAUTHENTICATED" }));
        return;
      }
      if (this.options.reconnect === false) return;
      setTimeout(() => { if (!this.closed) this.connect(); }, backoff(this.attempt++));
    };
  }

  private received(text: string): void {
    let message: { type?: string; event?: string; id?: string; jobId?: string; job?: Job; code?: string; message?: string };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.type === "ready") {
      this.authenticated = true;
      this.attempt = 0;
      this.readyResolve();
      for (const [jobId, lastEventId] of this.jobs) this.send({ subscribe: jobId, ...(lastEventId && { lastEventId }) });
    } else if (message.type === "event" && message.jobId && message.job && message.event && message.id !== undefined) {
      const event: JobEvent & { jobId: string } = { jobId: message.jobId, event: message.event as JobEventName, id: message.id,
        job: message.job };
      if (message.job.partialImage) event.partialImage = message.job.partialImage;
      if (this.jobs.has(message.jobId)) this.jobs.set(message.jobId, message.id);
      if (message.event !== "partial_image" && isTerminal(message.job.status)) this.jobs.delete(message.jobId);
      this.options.onEvent(event);
    } else if (message.type === "error") {
      const error: WatchError = { code: message.code ?? "INVALID_REQUEST", message: message.message ?? "" };
      if (message.jobId) {
        error.jobId = message.jobId;
        this.jobs.delete(message.jobId);
      }
      this.options.onError?.(error);
    }
  }

  private send(message: object): void {
    if (this.socket?.readyState === 1) this.socket.send(JSON.stringify(message));
  }
}

/** ws(s):// address of /v1/ws from the client's base URL (a relative one resolves against the page). */
export function socketUrl(baseUrl: string): string {
  const base = typeof location !== "undefined" ? location.href : undefined;
  const url = new URL(baseUrl.replace(/\/+$/, "") + "/v1/ws", base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}
