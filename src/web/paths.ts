import type { Language } from "../shared/localized.js";

/** A workspace address in the page's language; each module's `*.paths.ts` builds its own on it. */
export const workspacePath = (lang: Language, path: string) => `/${lang}/workspace${path}`;
