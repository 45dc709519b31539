import type { Language } from "../shared/localized.js";

/* The committee pages' addresses. */

export const workspacePath = (lang: Language, path: string) => `/${lang}/workspace${path}`;
export const agreementPath = (lang: Language, agreementId: string) =>
  workspacePath(lang, `/agreements/${agreementId}`);
/** The committee's part of the agreement page, where the section starts. */
export const committeeAnchor = (lang: Language, agreementId: string) =>
  `${agreementPath(lang, agreementId)}#committee-heading`;
