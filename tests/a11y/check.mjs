// Runs axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) over each HTML
// file named on the command line, in the system Chromium driven by
// puppeteer-core (which downloads no browser). Prints one JSON object per
// file: its violations, each with the rule, its impact and the elements.
// Usage: node check.mjs CHROMIUM FILE.html...
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [chromium, ...files] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
try {
  for (const file of files) {
    for (const width of [1280, 320]) {
      const page = await browser.newPage();
      await page.setViewport({ width, height: 900 });
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        axe.run(document, {
          runOnly: {
            type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
          },
        }),
      );
      // Reflow (1.4.10): at 320 CSS px the page itself must not scroll
      // sideways; a wide table may scroll inside its own box.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      const violations = result.violations.map((v) => ({
        rule: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      }));
      if (width === 320 && overflow > 0) {
        violations.push({
          rule: "reflow-320",
          impact: "serious",
          help: `the page scrolls sideways by ${overflow} px at 320 CSS px (WCAG 1.4.10)`,
          nodes: [],
        });
      }
      console.log(JSON.stringify({ file, width, violations }));
      await page.close();
    }
  }
} finally {
  await browser.close();
}
