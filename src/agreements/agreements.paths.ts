import type { Language } from "../shared/localized.js";
import { workspacePath } from "../web/paths.js";

/* The agreements' workspace addresses; the follow-up modules hang their own under `workspace`. */

export const agreementPaths = {
  /** the workspace list, with its filters' query when given */
  list: (lang: Language, query?: string) => workspacePath(lang, `/agreements${query ? `?${query}` : ""}`),
  new: (lang: Language) => workspacePath(lang, "/agreements/new"),
  /** the agreement's page (and where its form posts) */
  workspace: (lang: Language, id: string) => workspacePath(lang, `/agreements/${id}`),
  commitments: (lang: Language, id: string) => workspacePath(lang, `/agreements/${id}/commitments`),
  history: (lang: Language, id: string) => workspacePath(lang, `/history/agreement/${id}`),
};
