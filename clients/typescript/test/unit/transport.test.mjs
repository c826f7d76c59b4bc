// Retries, timeouts, aborts and the conditional GET, with a scripted fetch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Overtime, OvertimeError } from "../../dist/index.js";
import { scriptedFetch, json, problem, job } from "../support/fake-fetch.mjs";

const client = (fetch, options = {}) => new Overtime({ baseUrl: "http://api.test/", apiKey: "ovt_test", fetch, ...options });
const submit = { image: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), prompt: "paint it orange" };

test("an idempotent GET is retried on 503 and 429 after their Retry-After", async () => {
  const { fetch, calls } = scriptedFetch(problem(503, "SERVICE_UNAVAILABLE", {}, { "Retry-After": "0" }),
    problem(429, "RATE_LIMITED", {}, { "Retry-After": "0" }), json(200, job("running"), { ETag: '"j-2"' }));
  const answer = await client(fetch).imageEdits.get(job("x").id);
  assert.equal(answer.status, "running");
  assert.equal(calls.length, 3);
  assert.equal(calls[0].headers.get("Authorization"), "Bearer ovt_test");
  assert.equal(calls[0].url, `http://api.test/v1/image-edits/${job("x").id}`);
});

test("retries stop after maxRetries and the last error is thrown", async () => {
  const { fetch, calls } = scriptedFetch(...Array(3).fill(problem(503, "SERVICE_UNAVAILABLE", {}, { "Retry-After": "0" })));
  const error = await client(fetch, { maxRetries: 2 }).imageEdits.get("id").catch((e) => e);
  assert.equal(error.code, "SERVICE_UNAVAILABLE");
  assert.equal(calls.length, 3);
});

test("a Retry-After longer than maxRetryDelayMs is not waited out: the error says how long", async () => {
  const { fetch, calls } = scriptedFetch(problem(429, "RATE_LIMITED", {}, { "Retry-After": "120" }));
  const error = await client(fetch).imageEdits.get("id").catch((e) => e);
  assert.deepEqual([error.code, error.retryAfterMs, calls.length], ["RATE_LIMITED", 120_000, 1]);
});

test("a submit without an Idempotency-Key is never retried (it could create two jobs)", async () => {
  const { fetch, calls } = scriptedFetch(problem(503, "SERVICE_UNAVAILABLE", {}, { "Retry-After": "0" }));
  await assert.rejects(client(fetch).imageEdits.create(submit), { code: "SERVICE_UNAVAILABLE" });
  assert.equal(calls.length, 1);
});

test("a submit with an Idempotency-Key is retried with the same key and body", async () => {
  const { fetch, calls } = scriptedFetch(problem(503, "SERVICE_UNAVAILABLE", {}, { "Retry-After": "0" }),
    json(202, job("queued"), { "Retry-After": "5", ETag: '"j-1"', Location: "/v1/image-edits/x" }));
  const created = await client(fetch).imageEdits.create({ ...submit, idempotencyKey: "order-42" });
  assert.equal(calls.length, 2);
  assert.deepEqual(calls.map((c) => c.headers.get("Idempotency-Key")), ["order-42", "order-42"]);
  assert.equal(calls[1].body.get("prompt"), "paint it orange");
  assert.deepEqual([created.status, created.httpStatus, created.retryAfterMs, created.etag], ["queued", 202, 5000, '"j-1"']);
  assert.equal(JSON.stringify(created), JSON.stringify(job("queued")), "answer metadata stays out of the job's JSON");
});

test("a 400 is not retried", async () => {
  const { fetch, calls } = scriptedFetch(problem(400, "INVALID_PARAMETER"));
  await assert.rejects(client(fetch).imageEdits.get("id"), OvertimeError);
  assert.equal(calls.length, 1);
});

test("a request that outlives timeoutMs fails with TIMEOUT; the caller's abort is the caller's reason", async () => {
  const hang = (url, init) => new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason)));
  const slow = scriptedFetch(hang);
  await assert.rejects(client(slow.fetch, { timeoutMs: 50, maxRetries: 0 }).imageEdits.get("id"), { code: "TIMEOUT", status: 0 });

  const aborted = scriptedFetch(hang);
  const controller = new AbortController();
  const pending = client(aborted.fetch).imageEdits.get("id", { signal: controller.signal });
  controller.abort(new Error("user navigated away"));
  await assert.rejects(pending, /user navigated away/);
});

test("a GET sends the last ETag back and a 304 answers with the job seen then", async () => {
  const { fetch, calls } = scriptedFetch(json(200, job("running"), { ETag: '"j-2"', "Retry-After": "3" }),
    new Response(null, { status: 304, headers: { ETag: '"j-2"', "Retry-After": "3" } }));
  const overtime = client(fetch);
  await overtime.imageEdits.get(job("x").id);
  const again = await overtime.imageEdits.get(job("x").id);
  assert.equal(calls[1].headers.get("If-None-Match"), '"j-2"');
  assert.deepEqual([again.status, again.httpStatus, again.retryAfterMs], ["running", 304, 3000]);
});

test("the multipart body uses the API's field names", async () => {
  const { fetch, calls } = scriptedFetch(json(202, job("queued")));
  await client(fetch).imageEdits.create({
    image: [new Uint8Array([0x89, 0x50, 0x4e, 0x47]), new Blob([new Uint8Array([0xff, 0xd8])], { type: "image/jpeg" })],
    mask: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), prompt: "p", outputFormat: "webp", outputCompression: 80,
    inputFidelity: "high", partialImages: 2, deadlineSeconds: 60, reuse: true, waitSeconds: 10,
    webhook: { url: "https://example.com/hook", events: ["started", "completed"] },
  });
  const form = calls[0].body;
  assert.deepEqual(form.getAll("image[]").map((f) => [f.name, f.type]), [["image-0.png", "image/png"], ["image-1.jpg", "image/jpeg"]]);
  assert.equal(form.get("mask").name, "mask.png");
  assert.deepEqual(["output_format", "output_compression", "input_fidelity", "partial_images", "deadline", "reuse", "webhook", "webhook_events"]
    .map((k) => form.get(k)), ["webp", "80", "high", "2", "60", "true", "https://example.com/hook", "started,completed"]);
  assert.equal(form.get("image"), null);
  assert.equal(calls[0].headers.get("Prefer"), "wait=10");
});

test("a relative baseUrl works (a browser talking to its own BFF)", async () => {
  const { fetch, calls } = scriptedFetch(json(200, { data: [], nextCursor: null, hasMore: false }));
  await new Overtime({ baseUrl: "/api/overtime", fetch }).imageEdits.list({ limit: 5 });
  assert.equal(calls[0].url, "/api/overtime/v1/image-edits?limit=5");
  assert.equal(calls[0].headers.get("Authorization"), null, "no credential, no header");
});

test("list iterates every page, following nextCursor", async () => {
  const { fetch, calls } = scriptedFetch(json(200, { data: [job("succeeded")], nextCursor: "c2", hasMore: true }),
    json(200, { data: [job("failed")], nextCursor: null, hasMore: false }));
  const pages = [];
  for await (const page of client(fetch).imageEdits.list({ limit: 1 })) pages.push(page);
  assert.deepEqual(pages.map((p) => p.data[0].status), ["succeeded", "failed"]);
  assert.equal(new URL(calls[1].url).searchParams.get("cursor"), "c2");
});

test("tokens mints a job token with the asked life, and sends the key only in the header", async () => {
  const { fetch, calls } = scriptedFetch(json(200, { token: "jt_abc", expiresAt: "2026-05-01T12:15:00Z" }),
    json(200, { token: "jt_def", expiresAt: "2026-05-01T12:15:00Z" }));
  const minted = await client(fetch).imageEdits.tokens(job("x").id, { ttlSeconds: 600 });
  assert.deepEqual(minted, { token: "jt_abc", expiresAt: "2026-05-01T12:15:00Z" });
  assert.equal(calls[0].method, "POST");
  assert.equal(calls[0].url, `http://api.test/v1/image-edits/${job("x").id}/tokens`);
  assert.equal(calls[0].headers.get("Authorization"), "Bearer ovt_test");
  assert.deepEqual(JSON.parse(calls[0].body), { ttlSeconds: 600 });
  await client(fetch).imageEdits.tokens(job("x").id);
  assert.deepEqual(JSON.parse(calls[1].body), {}, "no ttlSeconds: the API's default");
});

test("a job token's client sends it as a bearer token, never in a URL", async () => {
  const { fetch, calls } = scriptedFetch(json(200, job("running"), { ETag: '"j-1"' }));
  await new Overtime({ baseUrl: "http://api.test", token: "jt_abc", fetch }).imageEdits.get(job("x").id);
  assert.equal(calls[0].headers.get("Authorization"), "Bearer jt_abc");
  assert.ok(!calls[0].url.includes("jt_abc"), calls[0].url);
});

test("priority is sent as the priority field, and left out when not chosen", async () => {
  const { fetch, calls } = scriptedFetch(json(202, job("queued")), json(202, job("queued")));
  await client(fetch).imageEdits.create({ ...submit, priority: "high" });
  await client(fetch).imageEdits.create(submit);
  assert.deepEqual(calls.map((call) => call.body.get("priority")), ["high", null]);
});
