// Loads Overtime's page in headless Debian chromium, enters the API key, uploads a photo, paints a
// mask stroke, submits, waits for the edited image and saves a screenshot. Exits non-zero on failure.
//   BASE_URL, API_KEY, PHOTO, SCREENSHOT (all required)
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const { BASE_URL, API_KEY, PHOTO, SCREENSHOT } = process.env;
for (const [name, value] of Object.entries({ BASE_URL, API_KEY, PHOTO, SCREENSHOT })) {
  if (!value) throw new Error(`${name} is required`);
}
mkdirSync(dirname(SCREENSHOT), { recursive: true });

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "overtime-chromium-")), {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 980 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = context.pages()[0] || (await context.newPage());
const pageErrors = [];
page.on("pageerror", (e) => pageErrors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error") console.error("[page]", m.text()); });

try {
  // A key in the query string is never taken (a link could swap the key silently): it leaves the address bar
  // and the page asks for a key instead.
  await page.goto(`${BASE_URL}/?key=ovt_someone-elses-key`);
  await page.locator("#key-dialog[open]").waitFor();
  if (await page.evaluate(() => location.href.includes("key="))) throw new Error("?key= stayed in the address bar");
  if (await page.evaluate(() => localStorage.getItem("overtime.apiKey")) !== null) throw new Error("took the key from ?key=");

  // The link ./overtime up prints: the key in the fragment leaves the address bar at once and is taken only once
  // confirmed.
  await page.goto("about:blank");
  await page.goto(`${BASE_URL}/#key=${encodeURIComponent(API_KEY)}`);
  await page.locator("#offer-dialog[open]").waitFor();
  if (await page.evaluate(() => location.href.includes("key="))) throw new Error("#key= stayed in the address bar");
  if (await page.evaluate(() => localStorage.getItem("overtime.apiKey")) !== null) throw new Error("took the key before it was confirmed");
  const offered = (await page.textContent("#offered-key")).trim();
  if (offered !== "…" + API_KEY.slice(-4)) throw new Error(`the dialog shows ${offered}`);
  await page.click("#offer-use");
  await page.waitForFunction((key) => localStorage.getItem("overtime.apiKey") === key, API_KEY);
  if (await page.locator("#key-dialog[open]").count()) throw new Error("asked for the key although the link carried it");

  await page.setInputFiles("#file", PHOTO);
  await page.locator("#stage").waitFor({ state: "visible" });

  // One brush stroke across the middle of the image.
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
    return !document.getElementById("result").hidden && img.complete && img.naturalWidth > 0;
  }, null, { timeout: 90_000 });
  const status = await page.textContent("#status-pill");
  if (status.trim() !== "succeeded") throw new Error(`status shows ${status}`);
  const shown = await page.locator("#result-image").boundingBox();
  if (!shown || shown.width < 100 || shown.height < 100) throw new Error(`result image is not displayed: ${JSON.stringify(shown)}`);
  const download = await page.getAttribute("#download", "download");
  if (!download || !download.startsWith("overtime-")) throw new Error(`no download link: ${download}`);
  // The recent list picks up the job with its thumbnail.
  await page.waitForFunction(() => [...document.querySelectorAll("#recent-list img.thumb")].some((i) => i.naturalWidth > 0),
    null, { timeout: 15_000 });
  if (pageErrors.length) throw new Error("page errors: " + pageErrors.join("; "));

  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  console.log(JSON.stringify({ ok: true, status: status.trim(), resultWidth: shown.width, screenshot: SCREENSHOT }));
  await context.close();
} catch (e) {
  await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, "-failure.png"), fullPage: true }).catch(() => {});
  console.error(String(e && e.stack || e));
  await context.close();
  process.exit(1);
}
