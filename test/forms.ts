/** The form's fields as a browser would send them (text inputs, selects' selected options, checked boxes). */
export function formFieldsOf(html: string, formSelector = '<form id="agreement-form"'): [string, string][] {
  const form = html.slice(html.indexOf(formSelector), html.indexOf("</form>", html.indexOf(formSelector)));
  const fields: [string, string][] = [];
  const decode = (text: string) =>
    text
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  for (const match of form.matchAll(/<input([^>]*)>/g)) {
    const attrs = match[1] ?? "";
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    if (!name) continue;
    const type = /type="([^"]+)"/.exec(attrs)?.[1] ?? "text";
    if ((type === "checkbox" || type === "radio") && !/\schecked/.test(attrs)) continue;
    fields.push([name, decode(/value="([^"]*)"/.exec(attrs)?.[1] ?? (type === "checkbox" ? "on" : ""))]);
  }
  for (const match of form.matchAll(/<textarea([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = /name="([^"]+)"/.exec(match[1] ?? "")?.[1];
    if (name) fields.push([name, decode(match[2] ?? "")]);
  }
  for (const match of form.matchAll(/<select([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = /name="([^"]+)"/.exec(match[1] ?? "")?.[1];
    if (!name) continue;
    for (const option of (match[2] ?? "").matchAll(/<option value="([^"]*)"[^>]*selected[^>]*>/g))
      fields.push([name, decode(option[1] ?? "")]);
  }
  return fields;
}
