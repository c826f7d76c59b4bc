// How wait() reads streams that end early, with a scripted fetch: resume, quiet slices, 204, blocked streams.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Overtime } from "../../dist/index.js";
import { scriptedFetch, json, job } from "../support/fake-fetch.mjs";

const sse = (text) => new Response(text, { status: 200, headers: { "Content-Type": "text/event-stream" } });
const event = (id, name, status) => `id: ${id}\nevent: ${name}\ndata: ${JSON.stringify(job(status))}\n\n`;
const client = (fetch) => new Overtime({ baseUrl: "http://api.test", apiKey: "k", fetch });

test("streams that a proxy ends with nothing new are resumed, not counted as failures", async () => {
  const { fetch, calls } = scriptedFetch(
    sse("retry: 10\n\n" + event(2, "running", "running")),
    sse(": slice over\n\n"), json(200, job("running"), { ETag: '"v2"' }),
    sse(": slice over\n\n"), json(200, job("running"), { ETag: '"v2"' }),
    sse(event(3, "succeeded", "succeeded")));
  const fallbacks = [];
  const done = await client(fetch).imageEdits.wait(job("x").id, { onFallback: (e) => fallbacks.push(e) });
  assert.equal(done.status, "succeeded");
  assert.deepEqual(fallbacks, []);
  const streams = calls.filter((c) => c.url.endsWith("/events"));
  assert.deepEqual(streams.map((c) => c.headers.get("Last-Event-ID")), [null, "2", "2", "2"]);
});

test("a 204 on resume means the end was seen: the job is fetched once", async () => {
  const { fetch, calls } = scriptedFetch(new Response(null, { status: 204 }), json(200, job("canceled")));
  const done = await client(fetch).imageEdits.wait(job("x").id, { lastEventId: "5" });
  assert.equal(done.status, "canceled");
  assert.equal(calls[0].headers.get("Last-Event-ID"), "5");
  assert.equal(calls.length, 2);
});

test("a first stream that brings nothing is a failure; two in a row switch to polling", async () => {
  const { fetch, calls } = scriptedFetch(
    sse(""), json(200, job("queued"), { ETag: '"v1"', "Retry-After": "0" }),
    new Response("<html>blocked</html>", { status: 403, headers: { "Content-Type": "text/html" } }),
    new Response(null, { status: 304, headers: { ETag: '"v1"', "Retry-After": "0" } }),
    json(200, job("succeeded"), { ETag: '"v3"' }));
  const fallbacks = [];
  const done = await client(fetch).imageEdits.wait(job("x").id, { onFallback: (e) => fallbacks.push(e.status) });
  assert.equal(done.status, "succeeded");
  assert.deepEqual(fallbacks, [403]);
  assert.equal(calls.at(-2).headers.get("If-None-Match"), '"v1"', "polling sends the ETag back");
});
