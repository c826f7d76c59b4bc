import { Http } from "./http.js";
import { ImageEdits } from "./image-edits.js";
import { fetchUsage, type UsageParams, type UsageReport } from "./usage.js";
import { JobWatcher, socketUrl, type WatchOptions } from "./watch.js";

export interface OvertimeOptions {
  /** The API's address, e.g. https://overtime.example.com, or a relative path to your own BFF proxy in a browser. */
  baseUrl: string;
  /** An API key (server side only: never ship it to a browser). */
  apiKey?: string;
  /**
   * A job token for a browser (`imageEdits.tokens(id)` on your server mints it), sent like a key (Authorization:
   * Bearer): reads that one job (get, wait, stream, output, watch) and nothing else.
   */
  token?: string;
  /** Per-attempt timeout of a request in milliseconds (default 60 s; event streams use an idle timeout). */
  timeoutMs?: number;
  /** Retries of idempotent calls on 429, 503 and connection errors (default 2). */
  maxRetries?: number;
  /** A Retry-After longer than this is not waited out: the error is thrown with retryAfterMs (default 60 s). */
  maxRetryDelayMs?: number;
  /** Another fetch (a proxy agent, a test double). Defaults to the platform's. */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

/** The Overtime client: `new Overtime({ baseUrl, apiKey }).imageEdits.createAndWait({ image, prompt })`. */
export class Overtime {
  readonly imageEdits: ImageEdits;
  private readonly http: Http;
  private readonly baseUrl: string;
  private readonly credential: string | undefined;

  constructor(options: OvertimeOptions) {
    if (!options?.baseUrl) throw new TypeError("Overtime: baseUrl is required");
    if (options.apiKey && options.token) throw new TypeError("Overtime: pass apiKey or token, not both");
    if (!options.fetch && typeof globalThis.fetch !== "function") {
      throw new TypeError("Overtime: no fetch on this platform; pass options.fetch");
    }
    this.baseUrl = options.baseUrl;
    this.credential = options.apiKey ?? options.token;
    this.http = new Http({
      baseUrl: options.baseUrl,
      credential: options.apiKey ?? options.token,
      // Bound, so a platform fetch is not called with this client as its receiver (browsers refuse that).
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      timeoutMs: options.timeoutMs ?? 60_000,
      maxRetries: options.maxRetries ?? 2,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 60_000,
      headers: options.headers ?? {},
    });
    this.imageEdits = new ImageEdits(this.http);
  }

  /**
   * GET /v1/usage: what the caller's edits used and cost over a range (default: this month so far), in total and
   * grouped by model and/or day. `usd` amounts are decimal strings: parse them with a decimal library, not Number.
   */
  usage(params: UsageParams = {}): Promise<UsageReport> {
    return fetchUsage(this.http, params);
  }

  /**
   * One WebSocket following many jobs: `const w = overtime.watch({ onEvent }); w.subscribe(idA); w.subscribe(idB)`.
   * Needs a direct connection to the API (a BFF route handler cannot proxy a WebSocket).
   */
  watch(options: WatchOptions): JobWatcher {
    return new JobWatcher(socketUrl(this.baseUrl), this.credential, options);
  }
}
