// Drives the example in headless Debian chromium against the running Overtime stack: starts `next start`
// (built beforehand with `next build`), picks samples/photo.png, paints a mask stroke, submits, and waits
// until the edited image is shown. Checks that the BFF answered 202 fast, that no request of the app ran
// longer than a stream slice, that the event stream was resumed with Last-Event-ID across slices, and that
// the image the browser got is a PNG. Saves a screenshot. Exits non-zero on failure.
//   Stack: OVERTIME_API_URL, OVERTIME_API_KEY, OVERTIME_SIMULATOR_URL, or .overtime/stack.env at the repo root.
//   SCREENSHOT (default test/screenshots/nextjs-edit.png), CHROMIUM (default /usr/bin/chromium).
import { chromium } from "playwright-core";
import { Overtime } from "@overtime/client";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const repo = join(here, "..", "..");
const stackFile = join(repo, ".overtime", "stack.env");
const fromFile = existsSync(stackFile) ? Object.fromEntries(readFileSync(stackFile, "utf8").split("\n")
  .map((l) => l.match(/^([A-Z_]+)=(.*)$/)).filter(Boolean).map((m) => [m[1], m[2]])) : {};
const API_URL = process.env.OVERTIME_API_URL || fromFile.API_URL;
const API_KEY = process.env.OVERTIME_API_KEY || fromFile.API_KEY;
const SIMULATOR_URL = process.env.OVERTIME_SIMULATOR_URL || fromFile.OPENAI_BASE_URL?.replace(/\/v1\/?$/, "");
const SCREENSHOT = process.env.SCREENSHOT || join(here, "test", "screenshots", "nextjs-edit.png");
const PHOTO = join(repo, "samples", "photo.png");
const SLICE_SECONDS = 3;
const EDIT_LATENCY = "7s";
if (!API_URL || !API_KEY || !SIMULATOR_URL) throw new Error("no stack: set OVERTIME_API_URL, OVERTIME_API_KEY, OVERTIME_SIMULATOR_URL or run ./overtime up");
mkdirSync(dirname(SCREENSHOT), { recursive: true });

const check = (ok, message) => { if (!ok) throw new Error(message); };
const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, "127.0.0.1", () => { const p = probe.address().port; probe.close(() => resolve(p)); });
});
const APP = `http://127.0.0.1:${port}`;

// The edit takes longer than a stream slice, so the page's stream is ended and resumed at least once.
const simulatorConfig = `${SIMULATOR_URL}/__simulator/config`;
const latencyBefore = (await (await fetch(simulatorConfig)).json()).latency;
const setLatency = (latency) => fetch(simulatorConfig, { method: "PUT", headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ latency }) });

console.log(`==> next start on ${APP} (stream slices of ${SLICE_SECONDS} s, edits of ${EDIT_LATENCY})`);
const server = spawn(join(here, "node_modules", ".bin", "next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
  cwd: here, detached: true, stdio: ["ignore", "pipe", "pipe"],
  env: { ...process.env, OVERTIME_API_URL: API_URL, OVERTIME_API_KEY: API_KEY, OVERTIME_STREAM_SLICE_SECONDS: String(SLICE_SECONDS),
    NEXT_TELEMETRY_DISABLED: "1" },
});
let serverLog = "";
server.stdout.on("data", (d) => { serverLog += d; });
server.stderr.on("data", (d) => { serverLog += d; });

let context;
let page;
let exitCode = 0;
try {
  for (let i = 0; ; i++) {
    const up = await fetch(APP).then((r) => r.ok, () => false);
    if (up) break;
    check(i < 120 && server.exitCode === null, `next start did not come up:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  await setLatency(EDIT_LATENCY);

  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "overtime-nextjs-chromium-")), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = context.pages()[0] || (await context.newPage());
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") console.error("[page]", m.text()); });
  // Every request of the app's API, with how long it ran. A stream the client stops reading (its terminal event
  // came) ends as "failed" (net::ERR_ABORTED) in Chromium's eyes; it still counts with its duration.
  const requests = [];
  const started = new Map();
  page.on("request", async (request) => {
    if (!request.url().includes("/api/")) return;
    started.set(request, Date.now());
    requests.push({ request, method: request.method(), path: new URL(request.url()).pathname,
      lastEventId: (await request.allHeaders())["last-event-id"] });
  });
  const ended = async (request) => {
    const entry = requests.find((r) => r.request === request);
    if (!entry) return;
    entry.ms = Date.now() - started.get(request);
    entry.status = (await request.response().catch(() => null))?.status();
  };
  page.on("requestfinished", ended);
  page.on("requestfailed", ended);
  await page.goto(APP);
  await page.setInputFiles("#file", PHOTO);
  await page.locator("#stage").waitFor({ state: "visible" });
  await page.waitForFunction(() => document.getElementById("mask-canvas")?.width > 0);

  const box = await page.locator("#mask-canvas").boundingBox();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.45);
  await page.mouse.down();
  for (let i = 0; i <= 20; i++) {
    await page.mouse.move(box.x + box.width * (0.3 + 0.4 * i / 20), box.y + box.height * (0.45 + 0.1 * Math.sin(i / 3)));
  }
  await page.mouse.up();

  await page.fill("#prompt", "paint the circle sunset orange");
  await page.click("#submit");
  await page.waitForFunction(() => {
    const img = document.getElementById("result-image");
    return (img && img.complete && img.naturalWidth > 0) || document.getElementById("error");
  }, null, { timeout: 90_000 });
  const error = await page.locator("#error").textContent().catch(() => null);
  check(!(await page.locator("#error").count()), `the page shows an error: ${error}`);
  const status = (await page.textContent("#status-pill")).trim();
  check(status === "succeeded", `status shows ${status}`);

  // The bytes the browser holds are a PNG of the size it displays.
  const head = await page.evaluate(async () => {
    const img = document.getElementById("result-image");
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    return { bytes: [...bytes.slice(0, 24)], width: img.naturalWidth, height: img.naturalHeight };
  });
  const png = Uint8Array.from(head.bytes);
  check([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => png[i] === b), "result is not a PNG");
  check(new TextDecoder().decode(png.subarray(12, 16)) === "IHDR", "result PNG has no IHDR first");
  const view = new DataView(png.buffer);
  check(view.getUint32(16) === head.width && view.getUint32(20) === head.height, "PNG size differs from the shown image");

  await page.waitForFunction(() => true, null, { timeout: 1000 }); // a round trip, so the last handlers have run
  for (const r of requests) delete r.request;
  const submit = requests.find((r) => r.method === "POST" && r.path === "/api/edits");
  check(submit && submit.status === 202, `submit answered ${JSON.stringify(submit)}`);
  check(submit.ms < 3000, `the BFF took ${submit.ms} ms to answer 202`);
  const longest = Math.max(...requests.map((r) => r.ms));
  check(longest < (SLICE_SECONDS + 5) * 1000, `a request ran ${longest} ms: ${JSON.stringify(requests)}`);
  const streams = requests.filter((r) => r.path.endsWith("/events"));
  check(streams.length >= 2 && streams.slice(1).some((r) => r.lastEventId), `stream was not resumed: ${JSON.stringify(streams)}`);
  check(pageErrors.length === 0, "page errors: " + pageErrors.join("; "));

  // The job the page submitted carried the painted mask and finished.
  const [latest] = (await new Overtime({ baseUrl: API_URL, apiKey: API_KEY }).imageEdits.list({ limit: 1 })).data;
  check(latest.status === "succeeded" && latest.prompt === "paint the circle sunset orange", `latest job: ${JSON.stringify(latest)}`);

  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  console.log(JSON.stringify({ ok: true, status, acceptedMs: submit.ms, longestRequestMs: longest, streams: streams.length,
    requests: requests.length, screenshot: SCREENSHOT }));
} catch (e) {
  exitCode = 1;
  console.error(String((e && e.stack) || e));
  await page?.screenshot({ path: SCREENSHOT.replace(/\.png$/, "-failure.png"), fullPage: true }).catch(() => {});
  console.error("--- next start log ---\n" + serverLog.slice(-4000));
} finally {
  await context?.close().catch(() => {});
  await setLatency(latencyBefore).catch(() => {});
  try { process.kill(-server.pid, "SIGTERM"); } catch { /* already gone */ }
}
process.exit(exitCode);
