import type { Language } from "../shared/localized.js";

/** A workspace address in the page's language; each module's `*.paths.ts` builds its own on it. */
export const workspacePath = (lang: Language, path: string) => `/${lang}/workspace${path}`;

/**
 * A list's filters, order and page as an address's query ("?kind=university&page=2", or "" when
 * there is none): empty values and the first page are left out, so each list has one address.
 */
export function addressQuery(params: Record<string, string | number | boolean | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === "" || value === false) continue;
    if (name === "page" && Number(value) <= 1) continue;
    query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : "";
}
