/**
 * The parser and printer in a browser: test/browser/entry.ts is bundled by esbuild for the
 * browser platform (a Node built-in on that path fails the bundle) and run in headless Chromium
 * (Debian's `chromium`, driven by playwright-core); its report must equal the same code's in Node.
 *
 * Without Chromium the suite is skipped with a message, unless CI is set: then it fails.
 * CHROMIUM_PATH overrides where the browser is looked for.
 */
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { report } from "./browser/entry.ts";
import { findExecutable } from "./harness/common.ts";

const ENTRY = new URL("./browser/entry.ts", import.meta.url).pathname;
const browserPath =
  process.env.CHROMIUM_PATH || findExecutable("chromium") || findExecutable("chromium-browser") || null;

/** Bundles the entry as a browser script that sets `globalThis.sieveReport`. */
async function bundle(): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    stdin: {
      contents: `import { report } from ${JSON.stringify(ENTRY)}; globalThis.sieveReport = report;`,
      resolveDir: new URL(".", import.meta.url).pathname,
      loader: "ts",
    },
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

if (!browserPath) {
  const why = "chromium not found (install the Debian package chromium, or set CHROMIUM_PATH)";
  if (process.env.CI) {
    test("Chromium is installed", () => {
      assert.unreachable(`${why} (required when CI is set: .ci/run installs it)`);
    });
  } else {
    process.stdout.write(`browser: skipped, ${why}\n`);
    // A passing placeholder, not test.skip: see managesieve-dovecot.test.ts.
    test(`skipped: ${why}`, () => {});
  }
} else {
  test("the parser bundles for the browser without Node built-ins", async () => {
    const { code, inputs } = await bundle();
    assert.ok(
      inputs.some((i) => i.includes("packages/parser/src/parse.ts")),
      inputs.join("\n"),
    );
    assert.ok(
      inputs.some((i) => i.includes("chevrotain")),
      "chevrotain is bundled",
    );
    assert.not.ok(
      inputs.some((i) => i.startsWith("node:") || i.includes("(disabled)")),
      `Node modules: ${inputs.join("\n")}`,
    );
    assert.ok(code.length > 10_000);
  });

  test("in headless Chromium: diagnostics for a broken script, printer output for a good one", async () => {
    const { code } = await bundle();
    const browser = await chromium.launch({
      executablePath: browserPath,
      // Chromium's sandbox refuses to run as root (CI runs as root).
      args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      await page.setContent("<!doctype html><title>sieve</title>");
      await page.addScriptTag({ content: code });
      const inBrowser = await page.evaluate(() => {
        const fn = (globalThis as unknown as { sieveReport: () => unknown }).sieveReport;
        return fn();
      });
      const userAgent = await page.evaluate(
        () => (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent,
      );
      assert.match(userAgent, /HeadlessChrome|Chrome/);
      assert.equal(errors, []);

      const expected = report();
      assert.equal(inBrowser, expected, "the browser's report equals Node's");
      // And what that report says, so that a parser broken in both places still fails.
      assert.is(expected.broken.valid, false);
      assert.equal(
        expected.broken.diagnostics.map((d) => [d.code, d.line, d.column]),
        [
          ["SIEVE_E_SYNTAX", 4, 1],
          ["SIEVE_E_UNKNOWN_COMMAND", 5, 1],
        ],
      );
      assert.is(
        expected.printed,
        'require ["fileinto"];\nif header :contains "subject" "[spam]" {\n  fileinto "Junk";\n} # done\n',
      );
      assert.equal(expected.tooLarge, ["SIEVE_E_LIMIT: script is 69 bytes, more than the limit of 32"]);
    } finally {
      await browser.close();
    }
  });
}

test.run();
