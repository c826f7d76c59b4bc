// The text/event-stream parser, fed the ways a network splits a stream.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SseParser } from "../../dist/index.js";

const feed = (parser, ...chunks) => chunks.flatMap((chunk) => parser.push(chunk));

test("an event with a type, an id and JSON data", () => {
  const events = feed(new SseParser(), 'id: 3\nevent: running\ndata: {"status":"running"}\n\n');
  assert.deepEqual(events, [{ event: "running", data: '{"status":"running"}', id: "3" }]);
});

test("lines ending in CRLF, CR or LF are all lines, even when a CRLF is split across chunks", () => {
  const parser = new SseParser();
  const events = feed(parser, "event: a\r", "\ndata: 1\r", "\r", "event: b\rdata: 2\r\n\r\n", "data: 3\n\n");
  assert.deepEqual(events.map((e) => [e.event, e.data]), [["a", "1"], ["b", "2"], ["message", "3"]]);
});

test("a field split across chunks, byte by byte, still parses", () => {
  const text = "id: 7.1\nevent: partial_image\ndata: {\"a\":1}\n\n";
  const events = feed(new SseParser(), ...text.split(""));
  assert.deepEqual(events, [{ event: "partial_image", data: '{"a":1}', id: "7.1" }]);
});

test("comments (heartbeats) are skipped and dispatch nothing", () => {
  assert.deepEqual(feed(new SseParser(), ": heartbeat\n\n", ":\n\n"), []);
});

test("several data lines join with a newline; a missing space after the colon is fine", () => {
  const events = feed(new SseParser(), "data:first\ndata: second\ndata\n\n");
  assert.equal(events[0].data, "first\nsecond\n");
});

test("a block without data dispatches no event, but the id it names persists", () => {
  const parser = new SseParser();
  assert.deepEqual(feed(parser, "id: 5\n\n"), []);
  assert.equal(parser.lastId, "5");
  const [event] = feed(parser, "event: running\ndata: {}\n\n");
  assert.equal(event.id, "5");
});

test("the last event id starts from the one resumed after, and an id with NUL is ignored", () => {
  const parser = new SseParser("4");
  assert.equal(feed(parser, "data: x\n\n")[0].id, "4");
  feed(parser, "id: bad\u0000id\ndata: y\n\n");
  assert.equal(parser.lastId, "4");
});

test("retry is reported in milliseconds, also on its own", () => {
  const parser = new SseParser();
  assert.deepEqual(feed(parser, "retry: 2000\n\n"), [{ event: "", data: "", id: "", retry: 2000 }]);
  assert.deepEqual(feed(parser, "retry: soon\ndata: z\n\n"), [{ event: "message", data: "z", id: "" }]);
});

test("a byte order mark at the start of the stream is dropped", () => {
  assert.equal(feed(new SseParser(), "\uFEFFevent: queued\ndata: q\n\n")[0].event, "queued");
});

test("an unterminated last event is not dispatched", () => {
  assert.deepEqual(feed(new SseParser(), "event: running\ndata: {}\n"), []);
});
