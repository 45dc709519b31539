import { createContext, useContext } from "hono/jsx";
import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";

/**
 * The page's language and its translator, provided once where a page or an htmx fragment is
 * rendered (Page, renderFragment), so components read them instead of receiving them as props.
 * A component that shows another language (a text picked in its own language, the ar/fr/en
 * inputs) still takes that language explicitly.
 */
export interface PageLanguage {
  lang: Language;
  t: Translate;
}

export const PageLanguageContext = createContext<PageLanguage | null>(null);

/** The page's language and translator; only inside a rendered page or fragment. */
export function usePage(): PageLanguage {
  const page = useContext(PageLanguageContext);
  if (!page)
    throw new Error("usePage() outside a page: render through Page, renderWorkspace or renderFragment");
  return page;
}
