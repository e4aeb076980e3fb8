// The accessibility check of a report set: every page opened in the system Chromium, axe-core
// run in it, and each violation printed as one JSON line; exits 1 when any is serious or
// critical. Usage: node check.js CHROMIUM PAGE.html [PAGE.html ...]
"use strict";
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");

const SERIOUS = new Set(["serious", "critical"]);

async function check(browser, source, file) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto("file://" + path.resolve(file), { waitUntil: "load" });
  await page.addScriptTag({ content: source });
  // details (the glossary, the paper list) opened, so their contents are checked too
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
  const result = await page.evaluate(async () =>
    window.axe.run(document, { resultTypes: ["violations"] }));
  await page.close();
  return result.violations.map((v) => ({
    page: path.basename(file), id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.length, example: (v.nodes[0] || {}).target,
  }));
}

async function main() {
  const [chromium, ...files] = process.argv.slice(2);
  if (!chromium || !files.length) {
    console.error("usage: node check.js CHROMIUM PAGE.html [PAGE.html ...]");
    process.exit(2);
  }
  const source = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const browser = await puppeteer.launch({
    executablePath: chromium, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
  });
  let serious = 0;
  try {
    for (const file of files) {
      for (const v of await check(browser, source, file)) {
        if (SERIOUS.has(v.impact)) serious += 1;
        console.log(JSON.stringify(v));
      }
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify({ pages: files.length, serious }));
  process.exit(serious ? 1 : 0);
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(2); });
