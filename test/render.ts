import { jsx } from "hono/jsx";
import { translator } from "../src/shared/i18n.js";
import type { Language } from "../src/shared/localized.js";
import { PageLanguageContext } from "../src/web/page-context.js";

/**
 * A component's HTML as a page in `lang` renders it: inside the page context that usePage()
 * reads (Page and renderFragment provide it in the app).
 */
export async function renderInPage<P extends object>(
  lang: Language,
  component: (props: P) => unknown,
  props: P,
): Promise<string> {
  const node = jsx(
    PageLanguageContext.Provider,
    { value: { lang, t: translator(lang) } },
    // biome-ignore lint/suspicious/noExplicitAny: hono's jsx() takes any component with any props
    jsx(component as any, props as any),
  );
  return String(await node.toString());
}
