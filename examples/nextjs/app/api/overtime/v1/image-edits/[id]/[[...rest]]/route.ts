import { overtimeSettings } from "@/lib/overtime-server";

/**
 * Lets the browser follow a job without the API key: GET /api/overtime/v1/image-edits/{id}[/events |
 * /outputs/N | /partial-images/N] is forwarded to Overtime with the server's key, so the browser's client
 * uses baseUrl "/api/overtime" and the API's own paths. Nothing else is forwarded: no list, no cancel, no submit.
 *
 * Anyone holding a job id can read that job through here (ids are random UUIDs). A real app checks its own
 * session first. Once Overtime issues job-scoped tokens, the submit route returns one and the browser talks
 * to Overtime directly (new Overtime({ baseUrl, token })); this proxy can then go.
 */
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const JOB_ID = /^[0-9a-fA-F-]{36}$/;
const READABLE = /^(|events|outputs\/\d{1,2}|partial-images\/\d{1,2})$/;
const PASSED_UP = ["Accept", "If-None-Match", "Last-Event-ID"];
const PASSED_DOWN = ["Content-Type", "ETag", "Retry-After", "Cache-Control", "X-Request-Id", "Content-Disposition",
  "Overtime-Degraded"];

/**
 * How long one event stream may run here before it is ended cleanly (default 20 s, under the 25-30 s limits of
 * Amplify, API Gateway and CloudFront): the client resumes after the last event id, so nothing is lost, and no
 * request of this app runs longer than that.
 */
const STREAM_SLICE_MS = Number(process.env.OVERTIME_STREAM_SLICE_SECONDS ?? "20") * 1000;

interface Params {
  params: Promise<{ id: string; rest?: string[] }>;
}

export async function GET(request: Request, { params }: Params): Promise<Response> {
  const { id, rest = [] } = await params;
  const path = rest.join("/");
  if (!JOB_ID.test(id) || !READABLE.test(path)) {
    return Response.json({ status: 404, code: "NOT_FOUND", message: "Not forwarded.", data: null }, { status: 404 });
  }
  const { baseUrl, apiKey } = overtimeSettings();
  const headers = new Headers({ Authorization: `Bearer ${apiKey}` });
  for (const name of PASSED_UP) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const url = `${baseUrl}/v1/image-edits/${id}${path ? "/" + path : ""}`;
  if (path === "events") return streamSlice(url, headers, request.signal);

  const upstream = await fetch(url, { headers, signal: request.signal, cache: "no-store" });
  return new Response(upstream.status === 304 ? null : upstream.body, { status: upstream.status, headers: copy(upstream.headers) });
}

/** Forwards the job's event stream for at most STREAM_SLICE_MS, then ends it cleanly. */
async function streamSlice(url: string, headers: Headers, clientGone: AbortSignal): Promise<Response> {
  const upstreamCall = new AbortController();
  const stop = () => upstreamCall.abort();
  clientGone.addEventListener("abort", stop, { once: true });
  let sliceOver = false;
  const timer = setTimeout(() => { sliceOver = true; stop(); }, STREAM_SLICE_MS);
  let upstream: Response;
  try {
    upstream = await fetch(url, { headers, signal: upstreamCall.signal, cache: "no-store" });
  } catch (error) {
    clearTimeout(timer);
    // A resumed stream of a quiet job sends nothing until the job changes; the slice ending first is normal.
    if (sliceOver) return new Response(": slice over\n\n", { status: 200, headers: streamHeaders() });
    throw error;
  }
  if (upstream.status !== 200 || !upstream.body) {
    clearTimeout(timer);
    return new Response(upstream.body, { status: upstream.status, headers: copy(upstream.headers) });
  }
  const reader = upstream.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          clearTimeout(timer);
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch {
        // Aborted at the end of the slice (or the upstream went away): end cleanly, the client resumes.
        clearTimeout(timer);
        controller.close();
      }
    },
    cancel() {
      clearTimeout(timer);
      stop();
    },
  });
  return new Response(body, { status: 200, headers: streamHeaders() });
}

function streamHeaders(): Headers {
  return new Headers({ "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-store",
    "X-Accel-Buffering": "no" });
}

function copy(from: Headers): Headers {
  const headers = new Headers();
  for (const name of PASSED_DOWN) {
    const value = from.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
}
