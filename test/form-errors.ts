import { expect } from "vitest";
import { all, attr, type Html, parse } from "./html.js";

/**
 * Checks a refused form the way a person meets it: a summary whose every link leads to an
 * element of the page, and for each named input (or group, by its id) aria-invalid and an
 * aria-describedby naming a message shown under it. Returns the summary's texts.
 */
export function expectErrorsMarked(html: string, inputs: { name?: string; id?: string }[]): string[] {
  const page: Html = parse(html);
  const summary = page.querySelector(".error-summary");
  expect(summary, "an error summary").not.toBeNull();
  const links = all(page, ".error-summary a");
  expect(links.length, "the summary links to its fields").toBeGreaterThan(0);
  for (const link of links) {
    const href = attr(link, "href") ?? "";
    expect(href.startsWith("#"), href).toBe(true);
    expect(page.getElementById(decodeURIComponent(href.slice(1))), `${href} exists`).not.toBeNull();
  }
  for (const input of inputs) {
    const element = input.id
      ? page.getElementById(input.id)
      : page.querySelector(`[name="${input.name}"]:not([type=hidden])`);
    const what = input.id ?? input.name ?? "";
    expect(element, `${what} is on the page`).not.toBeNull();
    const invalid =
      attr(element, "aria-invalid") === "true" || all(element as never, "[aria-invalid=true]").length > 0;
    expect(invalid, `${what} is marked invalid`).toBe(true);
    const described = (attr(element, "aria-describedby") ?? "").split(" ").filter(Boolean);
    const messages = described
      .map((id) => page.getElementById(id))
      .filter((found) => found?.getAttribute("class")?.includes("field-error"));
    expect(messages.length, `${what} names its message`).toBeGreaterThan(0);
  }
  return links.map((link) => (link.textContent ?? "").trim());
}
