import { customType } from "drizzle-orm/pg-core";

/** A text in up to three languages; at least one is present. */
export type LocalizedText = { ar?: string; fr?: string; en?: string };

export const tsvector = customType<{ data: string }>({
  dataType: () => "tsvector",
});
