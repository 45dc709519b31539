import type { Language } from "../shared/localized.js";
import { addressQuery, workspacePath } from "../web/paths.js";
import type { TranslatableKind } from "./translatable.js";

/** The translation queue's workspace addresses: the languages, one language's queue of one kind, its save. */
export const translationPaths = {
  index: (lang: Language) => workspacePath(lang, "/translations"),
  queue: (lang: Language, target: Language, kind?: TranslatableKind, page?: number) =>
    workspacePath(lang, `/translations/${target}${addressQuery({ kind, page })}`),
  save: (lang: Language, target: Language) => workspacePath(lang, `/translations/${target}`),
};
