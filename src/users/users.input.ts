import { z } from "zod";
import { userRoles } from "../db/schema/index.js";
import { cleanText, languages } from "../shared/localized.js";
import { hcpCodeSchema } from "../territories/territories.input.js";

export const emailSchema = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.email("must be an email address").max(254, "must be at most 254 characters"));

const scopeRules = (
  value: { role: string; organizationId?: string; territoryCode?: string },
  ctx: z.RefinementCtx,
) => {
  if (value.role === "focal_point" && !value.organizationId) {
    ctx.addIssue({
      code: "custom",
      path: ["organizationId"],
      message: "is required for a partner focal point",
      params: { reason: "required" },
    });
  }
  if (value.role === "council" && !value.territoryCode) {
    ctx.addIssue({
      code: "custom",
      path: ["territoryCode"],
      message: "is required for a council",
      params: { reason: "required" },
    });
  }
};

export const userInputSchema = z
  .object({
    email: emailSchema,
    name: cleanText(200),
    role: z.enum(userRoles),
    organizationId: z.uuid("must be an organisation id").optional(),
    territoryCode: hcpCodeSchema.optional(),
    locale: z.enum(languages).default("fr"),
  })
  .superRefine(scopeRules);
export type UserInput = z.input<typeof userInputSchema>;

export const userUpdateSchema = z
  .object({
    name: cleanText(200),
    role: z.enum(userRoles),
    organizationId: z.uuid("must be an organisation id").optional(),
    territoryCode: hcpCodeSchema.optional(),
    locale: z.enum(languages),
    active: z.boolean(),
    version: z.coerce.number().int().min(1),
  })
  .superRefine(scopeRules);
export type UserUpdate = z.input<typeof userUpdateSchema>;
