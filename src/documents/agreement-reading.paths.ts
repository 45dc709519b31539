import { agreementPaths } from "../agreements/agreements.paths.js";
import type { Language } from "../shared/localized.js";
import { workspacePath } from "../web/paths.js";

/** Reading a signed agreement's workspace addresses: the upload, and one reading's review. */
export const readingPaths = {
  upload: agreementPaths.read,
  review: (lang: Language, id: string) => workspacePath(lang, `/readings/${id}`),
};
