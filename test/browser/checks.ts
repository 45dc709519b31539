import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { openPage, type SessionState, type SharedContexts } from "./server.js";

/**
 * What the browser tests check alike: every violation axe finds, a text as a person reads it,
 * and a page of its own that fails on any error in the browser console.
 */

/** Every violation axe finds (WCAG 2.0, 2.1 and 2.2, A and AA), one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // Legacy mode runs axe.run in the page itself. The default runs it per frame, then opens a
  // blank page to merge the results, injecting axe's 0.5 MB script up to three times: our pages
  // have no frames to merge, and a check took 2.3 s instead of 1.55 s (measured on the alert pages).
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .setLegacyMode(true)
    .analyze();
  expect(results.passes.length, "axe checked nothing").toBeGreaterThan(0);
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact}) at ${node.target.join(" ")}: ${violation.help}` +
        (node.failureSummary ? ` — ${node.failureSummary.replaceAll("\n", " ")}` : ""),
    ),
  );
}

/** A text as a person reads it: French numbers' narrow spaces and line breaks as plain spaces. */
export const spaced = (text: string | null) => (text ?? "").replace(/[\s\u00a0\u202f]+/g, " ").trim();
export const textOf = async (locator: Locator) => spaced(await locator.textContent());

/**
 * Runs `body` with a page of its own (signed in with `storageState`, or anonymous), failing on
 * any error in the browser console but the `expected` ones (Chromium logs every 4xx page it
 * loads as an error).
 */
export function withPageIn(
  browser: Browser,
  url: string,
  body: (page: Page) => Promise<void>,
  storageState?: SessionState,
  expected?: RegExp,
): Promise<void> {
  return watchingConsole(openPage(browser, url, { storageState }), body, expected);
}

/** As withPageIn, on a new page of a shared context: for a check that changes nothing. */
export function withSharedPageIn(
  shared: SharedContexts,
  body: (page: Page) => Promise<void>,
  storageState?: SessionState,
  expected?: RegExp,
): Promise<void> {
  return watchingConsole(shared.openPage(storageState), body, expected);
}

async function watchingConsole(
  opening: Promise<{ page: Page; close: () => Promise<void> }>,
  body: (page: Page) => Promise<void>,
  expected?: RegExp,
): Promise<void> {
  const { page, close } = await opening;
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !expected?.test(message.text())) errors.push(message.text());
  });
  try {
    await body(page);
    expect(errors, "errors in the browser console").toEqual([]);
  } finally {
    await close();
  }
}
