import { parseHTML } from "linkedom";
import { expect } from "vitest";

/**
 * Reading the HTML a route answers as a browser (or a screen reader) would, so tests assert on
 * what a person finds (a heading, a labelled field, a selected option, a table's cells) instead
 * of on how the markup happens to be written: attribute order, quoting or spacing no longer
 * matter, and a field is found by its label, not by a regular expression over the text.
 */

/** The part of a DOM element tests read (linkedom's own types need the DOM lib, which the project does not load). */
export interface Element {
  readonly tagName: string;
  readonly id: string;
  readonly textContent: string | null;
  readonly innerHTML: string;
  readonly outerHTML: string;
  readonly parentElement: Element | null;
  readonly children: ArrayLike<Element>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): ArrayLike<Element>;
  closest(selector: string): Element | null;
}

/** A parsed page or fragment: query it like a document. */
export interface Html {
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): ArrayLike<Element>;
  getElementById(id: string): Element | null;
  readonly documentElement: Element | null;
}

/** Parses a page or a fragment (an htmx response, an SVG). */
export function parse(html: string): Html {
  return parseHTML(html).document as unknown as Html;
}

/** The response's body, parsed. */
export async function htmlOf(response: Response): Promise<Html> {
  return parse(await response.text());
}

type Root = Html | Element;

export function all(root: Root, selector: string): Element[] {
  return Array.from(root.querySelectorAll(selector));
}

/** The one element the selector finds; fails the test, naming the selector, when there is none. */
export function one(root: Root, selector: string): Element {
  const found = root.querySelector(selector);
  if (!found) throw new Error(`no element matches ${selector}`);
  return found;
}

/** The text a person reads: entities decoded, white space collapsed (no-break spaces kept, as numbers use them). */
export function textOf(element: Element | null | undefined): string {
  return (element?.textContent ?? "").replace(/[ \t\n\r\f]+/g, " ").trim();
}

export function attr(element: Element | null | undefined, name: string): string | null {
  return element?.getAttribute(name) ?? null;
}

/** What a form control would submit: an input's value, a textarea's text, a select's selected values (joined by commas). */
export function fieldValue(element: Element): string {
  const tag = element.tagName.toLowerCase();
  if (tag === "textarea") return decodeText(element.innerHTML);
  if (tag === "select")
    return all(element, "option")
      .filter((option) => option.hasAttribute("selected"))
      .map((option) => option.getAttribute("value") ?? textOf(option))
      .join(",");
  return element.getAttribute("value") ?? "";
}

// linkedom keeps a textarea's content as raw text; the browser decodes its entities.
function decodeText(raw: string): string {
  return textOf(parse(`<p>${raw}</p>`).querySelector("p"));
}

const textboxTypes = new Set(["", "text", "email", "url", "search", "tel"]);

/** The element's ARIA role: its role attribute, or the implicit role of its tag. */
export function roleOf(element: Element): string | null {
  const explicit = element.getAttribute("role");
  if (explicit) return explicit.split(/\s+/)[0] ?? null;
  const tag = element.tagName.toLowerCase();
  if (/^h[1-6]$/.test(tag)) return "heading";
  switch (tag) {
    case "a":
      return element.hasAttribute("href") ? "link" : null;
    case "button":
      return "button";
    case "input": {
      const type = (element.getAttribute("type") ?? "").toLowerCase();
      if (textboxTypes.has(type)) return "textbox";
      if (type === "submit" || type === "button" || type === "reset") return "button";
      if (type === "checkbox" || type === "radio") return type;
      if (type === "number") return "spinbutton";
      return null;
    }
    case "textarea":
      return "textbox";
    case "select":
      return element.hasAttribute("multiple") ? "listbox" : "combobox";
    case "option":
      return "option";
    case "table":
      return "table";
    case "tr":
      return "row";
    case "td":
      return "cell";
    case "th":
      return element.getAttribute("scope") === "row" ? "rowheader" : "columnheader";
    case "img":
      return element.getAttribute("alt") === "" ? "presentation" : "img";
    case "fieldset":
    case "details":
      return "group";
    case "progress":
      return "progressbar";
    case "nav":
      return "navigation";
    case "ul":
    case "ol":
      return "list";
    case "li":
      return "listitem";
    case "output":
      return "status";
    case "section":
      return element.hasAttribute("aria-label") || element.hasAttribute("aria-labelledby") ? "region" : null;
    case "main":
    case "form":
    case "figure":
    case "meter":
    case "dialog":
    case "article":
      return tag;
    default:
      return null;
  }
}

/** The element's accessible name, as the accessibility tree computes it for the cases the application renders. */
export function nameOf(element: Element, root?: Root): string {
  const label = element.getAttribute("aria-label");
  if (label) return label.trim();
  const labelledBy = element.getAttribute("aria-labelledby");
  const document = root ?? ownerOf(element);
  if (labelledBy && document)
    return labelledBy
      .split(/\s+/)
      .map((id) => textOf(document.querySelector(`#${cssEscape(id)}`)))
      .join(" ");
  const tag = element.tagName.toLowerCase();
  if (tag === "input" || tag === "textarea" || tag === "select" || tag === "progress" || tag === "meter") {
    const byFor = element.id && document ? document.querySelector(`label[for="${element.id}"]`) : null;
    return textOf(byFor ?? element.closest("label"));
  }
  if (tag === "img") return (element.getAttribute("alt") ?? "").trim();
  if (tag === "fieldset") return textOf(element.querySelector("legend"));
  if (tag === "figure") return textOf(element.querySelector("figcaption"));
  if (tag === "table") return textOf(element.querySelector("caption"));
  return textOf(element);
}

function ownerOf(element: Element): Element {
  let top = element;
  while (top.parentElement) top = top.parentElement;
  return top;
}

function cssEscape(id: string): string {
  return id.replace(/([^\w-])/g, "\\$1");
}

function matches(actual: string, expected: string | RegExp): boolean {
  return typeof expected === "string" ? actual === expected : expected.test(actual);
}

/** Every element with this role, and this accessible name when one is given. */
export function allByRole(root: Root, role: string, name?: string | RegExp): Element[] {
  return all(root, "*").filter(
    (element) => roleOf(element) === role && (name === undefined || matches(nameOf(element, root), name)),
  );
}

/** The one element with this role (and name); fails the test, listing what the page has, otherwise. */
export function byRole(root: Root, role: string, name?: string | RegExp): Element {
  const found = allByRole(root, role, name);
  if (found.length === 1 && found[0]) return found[0];
  const names = allByRole(root, role).map((element) => JSON.stringify(nameOf(element, root)));
  throw new Error(
    `expected one ${role}${name === undefined ? "" : ` named ${String(name)}`}, found ${found.length}; the ${role}s are: ${names.join(", ") || "none"}`,
  );
}

/** The one form control a <label> with this text names. */
export function byLabel(root: Root, label: string | RegExp): Element {
  const found = all(root, "input, textarea, select, progress, meter").filter((element) =>
    matches(nameOf(element, root), label),
  );
  if (found.length === 1 && found[0]) return found[0];
  const labels = all(root, "label").map((element) => JSON.stringify(textOf(element)));
  throw new Error(
    `expected one control labelled ${String(label)}, found ${found.length}; the labels are: ${labels.join(", ")}`,
  );
}

/** The one control submitted under this name (`name="…"`); fails the test when there are none or several. */
export function byName(root: Root, name: string): Element {
  const found = all(root, `[name="${name}"]`);
  if (found.length === 1 && found[0]) return found[0];
  throw new Error(`expected one control named ${name}, found ${found.length}`);
}

/** The values of the options selected in every select submitted under this name. */
export function selectedIn(root: Root, name: string): string[] {
  return all(root, `select[name="${name}"] option[selected]`).map(
    (option) => option.getAttribute("value") ?? "",
  );
}

/** The values of every option of the selects submitted under this name. */
export function optionsIn(root: Root, name: string): string[] {
  return all(root, `select[name="${name}"] option`).map((option) => option.getAttribute("value") ?? "");
}

/** Each row of the table(s) under root, as the texts of its cells. */
export function rowsOf(root: Root, selector = "tr"): string[][] {
  return all(root, selector).map((row) => all(row, "th, td").map(textOf));
}

/** The one table row whose text contains this text. */
export function rowWith(root: Root, text: string): Element {
  const found = all(root, "tr").filter((row) => textOf(row).includes(text));
  if (found.length === 1 && found[0]) return found[0];
  throw new Error(`expected one row containing ${JSON.stringify(text)}, found ${found.length}`);
}

/** Elements a markup payload (test/payloads.ts) creates when a page renders it as markup instead of text. */
export function injectedMarkup(root: Root): string[] {
  return all(root, "script, img, b, [onerror], [onload]")
    .filter(
      (element) =>
        element.hasAttribute("onerror") ||
        element.hasAttribute("onload") ||
        element.getAttribute("src") === "x" ||
        element.tagName.toLowerCase() === "b" ||
        textOf(element).includes("alert("),
    )
    .map((element) => element.outerHTML);
}

/** Whether a person sees this text on the page: in an element's text, a field's value or an attribute. */
export function showsText(root: Root, text: string): boolean {
  return all(root, "*").some(
    (element) =>
      (!element.parentElement && textOf(element).includes(text)) ||
      (element.tagName.toLowerCase() === "textarea" && fieldValue(element).includes(text)) ||
      ["value", "title", "aria-label", "alt", "placeholder"].some((name) =>
        (element.getAttribute(name) ?? "").includes(text),
      ),
  );
}

/**
 * None of what a person typed became an element or a handler, and a payload with markup in it
 * is shown as the text it is (one without markup needs no escaping to be harmless).
 */
export function expectShownAsText(html: string, payload: string): void {
  const page = parse(html);
  expect(injectedMarkup(page)).toEqual([]);
  if (payload.includes("<")) expect(showsText(page, payload), `the page shows ${payload} as text`).toBe(true);
}
