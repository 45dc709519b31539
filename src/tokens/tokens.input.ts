import { z } from "zod";
import { cleanText } from "../shared/localized.js";

export const apiTokenInputSchema = z.object({
  name: cleanText(100),
  scope: z.enum(["read", "write"]).default("read"),
  /** empty: never expires */
  expiresInDays: z.coerce.number().int().min(1).max(730).optional(),
});
export type ApiTokenInput = z.input<typeof apiTokenInputSchema>;
