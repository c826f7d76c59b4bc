// The event stream survives a dropped connection: the client resumes after the last event id it saw.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Overtime } from "../../dist/index.js";
import { stack, newOwner, photo, withSimulatorLatency } from "../support/stack.mjs";

/** A fetch whose first event stream breaks off (as a dropped connection does) right after its first event. */
function droppingFetch() {
  const streams = [];
  const fetchImpl = async (url, init) => {
    const response = await fetch(url, init);
    if (!String(url).endsWith("/events")) return response;
    const headers = new Headers(init.headers);
    streams.push({ lastEventId: headers.get("Last-Event-ID"), authorization: headers.get("Authorization"), status: response.status });
    if (streams.length > 1 || !response.body) return response;
    const reader = response.body.getReader();
    let text = "";
    const body = new ReadableStream({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        text += new TextDecoder().decode(value);
        // Only once an event with data has fully arrived: a retry: or comment block may come first, alone.
        const data = text.indexOf("data:");
        const end = data < 0 ? -1 : text.indexOf("\n\n", data);
        if (end >= 0) {
          controller.enqueue(new TextEncoder().encode(text.slice(0, end + 2)));
          await reader.cancel();
          controller.error(new TypeError("network connection lost"));
          return;
        }
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return { fetch: fetchImpl, streams };
}

test("a stream dropped after its first event resumes with Last-Event-ID and misses nothing", async () => {
  const { key } = await newOwner("ts-resume");
  const dropping = droppingFetch();
  const overtime = new Overtime({ baseUrl: stack.apiUrl, apiKey: key, fetch: dropping.fetch });

  await withSimulatorLatency("3s", async () => {
    const created = await overtime.imageEdits.create({ image: photo(), prompt: "resume me" });
    const events = [];
    const job = await overtime.imageEdits.wait(created.id, {
      onUpdate: (j, event) => events.push(event ? `${event.id}:${event.event}` : `poll:${j.status}`),
      onFallback: (reason) => assert.fail(`fell back to polling: ${reason}`),
      timeoutMs: 60_000,
    });
    assert.equal(job.status, "succeeded");
    assert.ok(dropping.streams.length >= 2, `reconnected: ${JSON.stringify(dropping.streams)}`);
    const firstId = events[0].split(":")[0];
    assert.equal(dropping.streams[0].lastEventId, null, "the first connection starts from the beginning");
    assert.equal(dropping.streams[1].lastEventId, firstId, "the reconnect resumes after the event seen");
    assert.ok(dropping.streams.every((s) => s.authorization === `Bearer ${key}`), "the key travels as a header, not in the URL");
    const ids = events.map((e) => Number(e.split(":")[0]));
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), `in order, none twice: ${events}`);
    assert.equal(new Set(ids).size, ids.length, `none twice: ${events}`);
    assert.match(events.at(-1), /:succeeded$/);

    // Resuming after the terminal event: the API answers 204 and the stream ends with nothing.
    const after = [];
    for await (const event of overtime.imageEdits.stream(created.id, { lastEventId: events.at(-1).split(":")[0] })) after.push(event);
    assert.deepEqual(after, []);
  });
});

test("stream() yields every state of a slow job in order, ending with the terminal one", async () => {
  const { key } = await newOwner("ts-stream");
  const overtime = new Overtime({ baseUrl: stack.apiUrl, apiKey: key });
  await withSimulatorLatency("2s", async () => {
    const created = await overtime.imageEdits.create({ image: photo(), prompt: "watch me" });
    const names = [];
    for await (const event of overtime.imageEdits.stream(created.id)) names.push(event.event);
    assert.equal(names.at(-1), "succeeded");
    assert.ok(names.includes("running"), `saw running: ${names}`);
  });
});
