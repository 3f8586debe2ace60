// The search page in a real browser (Debian's chromium driven by
// playwright-core, no browser download), against a running local stack:
//   node infra/e2e/search-page.mjs API_URL ARTIFACT_DIR
// Each check prints "ok <name>"; the first failure prints "FAIL <name>: why"
// and exits 1. Screenshots go to ARTIFACT_DIR.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error("usage: node search-page.mjs API_URL ARTIFACT_DIR");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.ZHDOC_CHROMIUM || "/usr/bin/chromium",
  // this machine's network is closed: no background connections
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
let current = "start";
const check = async (name, fn) => {
  current = name;
  await fn();
  console.log("ok " + name);
};
const expect = (cond, why) => { if (!cond) throw new Error(why); };
const shot = (page, name) => page.screenshot({ path: join(outDir, name + ".png"), fullPage: true });

try {
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await desktop.newPage();
  const failed = [];
  page.on("requestfailed", (r) => failed.push(r.url()));
  page.on("pageerror", (e) => failed.push("page error: " + e.message));

  await check("page loads with facets", async () => {
    await page.goto(base + "/");
    await page.waitForFunction(() => document.querySelectorAll("#f-person option").length > 1, null, { timeout: 15000 });
    await page.waitForSelector("#total");
  });

  await check("a Traditional query finds Simplified and Traditional documents", async () => {
    await page.fill("#q", "上海合作組織");
    await page.press("#q", "Enter");
    await page.waitForSelector("#total:has-text('results')");
    const scripts = await page.$$eval("ol.results li", (lis) => lis.map((li) => li.dataset.script));
    expect(scripts.length >= 2, `${scripts.length} results`);
    expect(scripts.includes("Hans") && scripts.includes("Hant"), "scripts of the results: " + scripts.join(","));
    const marks = await page.$$eval("ol.results mark", (ms) => ms.map((m) => m.textContent));
    expect(marks.length > 0, "no highlighted snippet");
    await shot(page, "search");
  });

  await check("a result opens with metadata, texts and related documents", async () => {
    const title = await page.textContent("ol.results li a.title");
    await page.click("ol.results li a.title");
    await page.waitForSelector("#doc-title");
    expect((await page.textContent("#doc-title")) === title, "document title differs from the result's");
    const fields = await page.$$eval("dl.fields dt", (dts) => dts.map((d) => d.textContent));
    for (const f of ["发布 published", "人物 people", "文字 script"]) expect(fields.includes(f), "no field " + f + " in " + fields.join("|"));
    await page.waitForFunction(() => document.querySelector("#text").textContent.length > 100);
    expect((await page.$$("#related li")).length >= 1, "no related documents");
    await page.click("button[data-form=original]");
    await page.waitForFunction(() => document.querySelector("button[data-form=original]").getAttribute("aria-selected") === "true" &&
      document.querySelector("#text").textContent.length > 100);
    await shot(page, "document");
  });

  await check("an entity chip filters the listing", async () => {
    const person = await page.textContent("dl.fields .chip");
    await page.click("dl.fields .chip");
    await page.waitForSelector("#total:has-text('documents')");
    expect((await page.textContent("#total")).includes(person), "listing does not say its filter " + person);
    expect((await page.$$("ol.results li")).length >= 1, "filtered listing is empty");
    await shot(page, "filtered");
  });

  await check("an API error is shown as a message", async () => {
    await page.goto(base + "/#q=" + encodeURIComponent("，。"));
    await page.waitForSelector("[role=alert]");
    expect((await page.textContent("[role=alert]")).includes("no searchable words"), "message: " + (await page.textContent("[role=alert]")));
    await shot(page, "error");
  });

  await check("no request failed and no script error", async () => {
    expect(failed.length === 0, failed.join("; "));
  });

  await check("usable at phone width", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    await p.goto(base + "/#q=" + encodeURIComponent("上海"));
    await p.waitForSelector("#total:has-text('results')");
    const [scroll, inner] = await p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scroll <= inner + 1, `page is ${scroll}px wide in a ${inner}px viewport`);
    await shot(p, "phone");
  });
} catch (err) {
  console.log("FAIL " + current + ": " + err.message.split("\n")[0]);
  await browser.close();
  process.exit(1);
}
await browser.close();
