import { agreementPaths } from "../agreements/agreements.paths.js";
import type { Language } from "../shared/localized.js";
import { workspacePath } from "../web/paths.js";

/* The committee pages' addresses. */

export { workspacePath };
export const agreementPath = agreementPaths.workspace;
/** The committee's part of the agreement page, where the section starts. */
export const committeeAnchor = (lang: Language, agreementId: string) =>
  `${agreementPath(lang, agreementId)}#committee-heading`;
