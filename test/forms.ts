import { all, type Element, fieldValue, one, parse } from "./html.js";

/**
 * The form's fields as a browser would send them, in document order: inputs, textareas, each
 * selected option of a select, checkboxes and radios only when checked (a checkbox without a
 * value sends "on"). `formSelector` is a CSS selector for the form.
 */
export function formFieldsOf(html: string, formSelector = "#agreement-form"): [string, string][] {
  const form = one(parse(html), formSelector);
  const fields: [string, string][] = [];
  for (const control of all(form, "input[name], textarea[name], select[name]")) {
    const name = control.getAttribute("name") ?? "";
    const tag = control.tagName.toLowerCase();
    if (tag === "select") {
      for (const option of selectedOptions(control)) fields.push([name, option]);
      continue;
    }
    const type = (control.getAttribute("type") ?? "text").toLowerCase();
    if ((type === "checkbox" || type === "radio") && !control.hasAttribute("checked")) continue;
    fields.push([
      name,
      tag === "input" && type === "checkbox" && !control.hasAttribute("value") ? "on" : fieldValue(control),
    ]);
  }
  return fields;
}

function selectedOptions(select: Element): string[] {
  return all(select, "option[selected]").map((option) => option.getAttribute("value") ?? "");
}
