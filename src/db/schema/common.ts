import type { LocalizedText } from "../../shared/localized.js";

export type { LocalizedText };
