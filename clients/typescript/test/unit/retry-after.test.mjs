// Retry-After as RFC 9110 defines it: seconds or an HTTP-date.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRetryAfter } from "../../dist/index.js";

const now = Date.parse("2026-05-01T12:00:00Z");

test("delay-seconds become milliseconds", () => {
  assert.equal(parseRetryAfter("5", now), 5000);
  assert.equal(parseRetryAfter(" 0 ", now), 0);
  assert.equal(parseRetryAfter("1.5", now), 1500);
});

test("an HTTP-date is the time until it, and 0 once it has passed", () => {
  assert.equal(parseRetryAfter("Fri, 01 May 2026 12:00:30 GMT", now), 30_000);
  assert.equal(parseRetryAfter("Fri, 01 May 2026 11:00:00 GMT", now), 0);
});

test("absent, empty, negative or garbled values mean no advice", () => {
  for (const value of [null, undefined, "", "-5", "soon", "5s", "Notaday, 99 Foo 2026"]) {
    assert.equal(parseRetryAfter(value, now), undefined, String(value));
  }
});
