import { customType } from "drizzle-orm/pg-core";

import type { LocalizedText } from "../../shared/localized.js";

export type { LocalizedText };

export const tsvector = customType<{ data: string }>({
  dataType: () => "tsvector",
});
