// When something between the browser and the API blocks event streams, wait() polls instead.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Overtime } from "../../dist/index.js";
import { stack, newOwner, photo, withSimulatorLatency } from "../support/stack.mjs";

/** A fetch behind a "proxy" that refuses event streams with an HTML page and passes everything else. */
function streamBlockingFetch() {
  const log = [];
  const fetchImpl = async (url, init) => {
    const path = new URL(String(url)).pathname;
    log.push({ path, ifNoneMatch: new Headers(init.headers).get("If-None-Match") });
    if (path.endsWith("/events")) {
      return new Response("<html><body>502 Bad Gateway</body></html>", { status: 502, headers: { "Content-Type": "text/html" } });
    }
    return fetch(url, init);
  };
  return { fetch: fetchImpl, log };
}

test("streams blocked: wait() falls back to polling with the ETag, paced by Retry-After, and gets the result", async () => {
  const { key } = await newOwner("ts-poll");
  const blocked = streamBlockingFetch();
  const overtime = new Overtime({ baseUrl: stack.apiUrl, apiKey: key, fetch: blocked.fetch });
  await withSimulatorLatency("2s", async () => {
    const created = await overtime.imageEdits.create({ image: photo(), prompt: "no streams here" });
    const fallbacks = [];
    const statuses = [];
    const startedAt = Date.now();
    const job = await overtime.imageEdits.wait(created.id, {
      onFallback: (reason) => fallbacks.push(reason),
      onUpdate: (j) => statuses.push(j.status),
      timeoutMs: 120_000,
    });
    assert.equal(job.status, "succeeded");
    assert.equal(fallbacks.length, 1, "fell back once");
    assert.equal(fallbacks[0].status, 502);
    const streams = blocked.log.filter((r) => r.path.endsWith("/events"));
    assert.equal(streams.length, 2, "two stream attempts (maxStreamFailures) before polling");
    const polls = blocked.log.filter((r) => r.path === `/v1/image-edits/${created.id}`);
    assert.ok(polls.length >= 2, `polled: ${polls.length}`);
    assert.ok(polls.slice(1).every((p) => p.ifNoneMatch), "every poll after the first sends the ETag back");
    assert.equal(statuses.at(-1), "succeeded");
    // Paced by Retry-After (≥ 1 s between polls), not a busy loop.
    assert.ok(Date.now() - startedAt >= (polls.length - 1) * 1000, `${polls.length} polls in ${Date.now() - startedAt} ms`);
  });
});

test("transport: 'poll' never opens a stream", async () => {
  const { key } = await newOwner("ts-poll-only");
  const blocked = streamBlockingFetch();
  const overtime = new Overtime({ baseUrl: stack.apiUrl, apiKey: key, fetch: blocked.fetch });
  const created = await overtime.imageEdits.create({ image: photo(), prompt: "poll only" });
  const job = await overtime.imageEdits.wait(created.id, { transport: "poll", timeoutMs: 120_000 });
  assert.equal(job.status, "succeeded");
  assert.equal(blocked.log.filter((r) => r.path.endsWith("/events")).length, 0);
});
