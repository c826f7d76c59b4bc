// How answers that are not 2xx reach the caller: the API's envelope field by field, anything else by status.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Overtime, OvertimeError, ERROR_CODES } from "../../dist/index.js";
import { scriptedFetch, problem } from "../support/fake-fetch.mjs";

const client = (fetch) => new Overtime({ baseUrl: "http://api.test", apiKey: "ovt_test", fetch, maxRetries: 0 });

test("the error envelope becomes an OvertimeError with every field", async () => {
  const { fetch } = scriptedFetch(problem(400, "MASK_SIZE_MISMATCH", { param: "mask", message: "mask is 32x32 but the image is 64x64." }));
  const error = await client(fetch).imageEdits.create({ image: new Uint8Array([1]), prompt: "x" }).catch((e) => e);
  assert.ok(error instanceof OvertimeError);
  assert.equal(error.status, 400);
  assert.equal(error.code, "MASK_SIZE_MISMATCH");
  assert.equal(error.param, "mask");
  assert.equal(error.message, "mask is 32x32 but the image is 64x64.");
  assert.equal(error.requestId, "req_test");
  assert.equal(error.degraded, false);
  assert.equal(error.problem.type, "https://overtime.dev/problems/mask_size_mismatch");
});

test("a degraded upstream failure carries upstream and timeoutMs", async () => {
  const { fetch } = scriptedFetch(problem(504, "UPSTREAM_TIMEOUT", { degraded: true, upstream: "moderation", timeoutMs: 5000 }));
  const error = await client(fetch).imageEdits.get("some-id").catch((e) => e);
  assert.deepEqual([error.status, error.code, error.degraded, error.upstream, error.timeoutMs], [504, "UPSTREAM_TIMEOUT", true, "moderation", 5000]);
});

test("a gateway's HTML page is HTTP_ERROR with its status and the request id header", async () => {
  const { fetch } = scriptedFetch(new Response("<html>504 Gateway Timeout</html>",
    { status: 504, statusText: "Gateway Timeout", headers: { "Content-Type": "text/html", "X-Request-Id": "req_gw" } }));
  const error = await client(fetch).imageEdits.get("some-id").catch((e) => e);
  assert.equal(error.code, "HTTP_ERROR");
  assert.equal(error.status, 504);
  assert.equal(error.requestId, "req_gw");
  assert.match(error.message, /HTTP 504 Gateway Timeout/);
});

test("a refused connection is CONNECTION_ERROR with status 0", async () => {
  const { fetch } = scriptedFetch(() => { throw new TypeError("fetch failed"); });
  const error = await client(fetch).imageEdits.get("some-id").catch((e) => e);
  assert.deepEqual([error.code, error.status], ["CONNECTION_ERROR", 0]);
});

test("the code union holds the API's codes from common/ErrorCode.java", () => {
  for (const code of ["UNAUTHENTICATED", "NOT_FOUND", "INVALID_IMAGE", "IDEMPOTENCY_KEY_REUSED", "DEADLINE_EXCEEDED"]) {
    assert.ok(ERROR_CODES.includes(code), code);
  }
});
