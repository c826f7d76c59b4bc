// The WebSocket watcher with a scripted socket: auth first, resubscribe with lastEventId after a drop, stop at the end.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Overtime } from "../../dist/index.js";
import { job } from "../support/fake-fetch.mjs";

/** A WebSocket double: records what the client sends, lets the test play the server. */
function fakeSockets() {
  const sockets = [];
  class FakeSocket {
    readyState = 0;
    sent = [];
    constructor(url) { this.url = url; sockets.push(this); queueMicrotask(() => { this.readyState = 1; this.onopen?.(); }); }
    send(text) { this.sent.push(JSON.parse(text)); }
    close(code = 1000, reason = "") { this.readyState = 3; this.onclose?.({ code, reason }); }
    serverSends(message) { this.onmessage?.({ data: JSON.stringify(message) }); }
  }
  return { FakeSocket, sockets };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

test("authenticates in the first message, subscribes, and resumes after a drop with lastEventId", async () => {
  const { FakeSocket, sockets } = fakeSockets();
  const events = [];
  const overtime = new Overtime({ baseUrl: "https://api.test/", apiKey: "ovt_k" });
  const watcher = overtime.watch({ WebSocket: FakeSocket, onEvent: (e) => events.push(`${e.jobId}:${e.id}:${e.event}`) });
  watcher.subscribe("a");
  watcher.subscribe("b");
  await tick();
  const first = sockets[0];
  assert.equal(first.url, "wss://api.test/v1/ws", "no credential in the URL");
  assert.deepEqual(first.sent, [{ auth: "ovt_k" }]);
  first.serverSends({ type: "ready" });
  await watcher.ready;
  assert.deepEqual(first.sent.slice(1), [{ subscribe: "a" }, { subscribe: "b" }]);

  first.serverSends({ type: "event", event: "running", id: "2", jobId: "a", job: job("running") });
  first.serverSends({ type: "event", event: "succeeded", id: "3", jobId: "b", job: job("succeeded") });
  assert.deepEqual(watcher.following, ["a"], "b finished, so it is no longer followed");

  first.close(1006, "network");
  await new Promise((r) => setTimeout(r, 600)); // first reconnect backoff is 250-500 ms
  const second = sockets[1];
  assert.ok(second, "reconnected");
  second.serverSends({ type: "ready" });
  assert.deepEqual(second.sent, [{ auth: "ovt_k" }, { subscribe: "a", lastEventId: "2" }]);
  assert.deepEqual(events, ["a:2:running", "b:3:succeeded"]);
  watcher.close();
});

test("a refused credential (close 1008) rejects ready and does not reconnect", async () => {
  const { FakeSocket, sockets } = fakeSockets();
  const errors = [];
  const watcher = new Overtime({ baseUrl: "http://api.test", apiKey: "bad" })
    .watch({ WebSocket: FakeSocket, onEvent: () => {}, onError: (e) => errors.push(e.code) });
  await tick();
  sockets[0].serverSends({ type: "error", code: "UNAUTHENTICATED", message: "The API key is not valid." });
  sockets[0].close(1008, "unauthenticated");
  await assert.rejects(watcher.ready, /unauthenticated/);
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(sockets.length, 1);
  assert.deepEqual(errors, ["UNAUTHENTICATED"]);
});
