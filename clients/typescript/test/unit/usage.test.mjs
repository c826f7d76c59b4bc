// GET /v1/usage and a job's cost, with a scripted fetch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Overtime } from "../../dist/index.js";
import { scriptedFetch, json, problem, job } from "../support/fake-fetch.mjs";

const client = (fetch) => new Overtime({ baseUrl: "http://api.test/", apiKey: "ovt_test", fetch, maxRetries: 0 });

const report = {
  object: "usage", from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z", groupBy: ["model", "day"],
  totals: { jobs: 2, images: 3, inputTokens: 1820, outputTokens: 4432, totalTokens: 6252, usd: "0.141316" },
  groups: [{ model: "gpt-image-1.5", day: "2026-11-03", jobs: 1, images: 2, inputTokens: 1300, outputTokens: 4160,
    totalTokens: 5460, usd: "0.138" }],
};

test("usage() asks for the range and groups and answers the report, amounts as decimal strings", async () => {
  const { fetch, calls } = scriptedFetch(json(200, report));
  const answer = await client(fetch).usage({ from: "2026-11-01", to: new Date("2026-12-01T00:00:00Z"), groupBy: ["model", "day"] });
  const url = new URL(calls[0].url);
  assert.equal(url.pathname, "/v1/usage");
  assert.equal(url.searchParams.get("from"), "2026-11-01");
  assert.equal(url.searchParams.get("to"), "2026-12-01T00:00:00.000Z");
  assert.equal(url.searchParams.get("groupBy"), "model,day");
  assert.equal(calls[0].headers.get("Authorization"), "Bearer ovt_test");
  assert.equal(answer.totals.usd, "0.141316");
  assert.equal(answer.groups[0].model, "gpt-image-1.5");
});

test("usage() without parameters sends none: the API's default is this month so far", async () => {
  const { fetch, calls } = scriptedFetch(json(200, { ...report, groupBy: [], groups: undefined }));
  await client(fetch).usage();
  assert.equal(new URL(calls[0].url).search, "");
});

test("a bad groupBy is the API's 400 INVALID_PARAMETER, thrown as an OvertimeError", async () => {
  const { fetch } = scriptedFetch(problem(400, "INVALID_PARAMETER", { param: "groupBy" }));
  await assert.rejects(client(fetch).usage({ groupBy: ["model"] }), { code: "INVALID_PARAMETER", status: 400 });
});

test("a job carries its cost", async () => {
  const { fetch } = scriptedFetch(json(200, job("succeeded", { cost: { usd: "0.0421", billedAttempts: 1 } })));
  const answer = await client(fetch).imageEdits.get(job("x").id);
  assert.deepEqual(answer.cost, { usd: "0.0421", billedAttempts: 1 });
});

test("a submit over the monthly budget is a 402 BUDGET_EXCEEDED error", async () => {
  const { fetch } = scriptedFetch(problem(402, "BUDGET_EXCEEDED"));
  await assert.rejects(client(fetch).imageEdits.create({ image: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), prompt: "x" }),
    { code: "BUDGET_EXCEEDED", status: 402 });
});
