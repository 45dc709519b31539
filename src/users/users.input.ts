import { z } from "zod";
import { userRoles } from "../db/schema/index.js";
import { cleanText, languages, searchBoxText } from "../shared/localized.js";
import { blankToUndefined } from "../shared/validation.js";
import { hcpCodeSchema } from "../territories/territories.input.js";

export const emailSchema = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.email("must be an email address").max(254, "must be at most 254 characters"));

/** The translator permission: the languages the account may translate texts into, each once, in their order. */
const translatesSchema = z
  .array(z.enum(languages, "must be ar, fr or en"))
  .max(languages.length)
  .default([])
  .transform((chosen) => languages.filter((lang) => chosen.includes(lang)));

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
    translates: translatesSchema,
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
    translates: translatesSchema,
    active: z.boolean(),
    version: z.coerce.number().int().min(1),
  })
  .superRefine(scopeRules);
export type UserUpdate = z.input<typeof userUpdateSchema>;

/** An account's states, as the list's filter names them. */
export const userStates = ["active", "inactive"] as const;

/** The accounts list's filters and page, as its address gives them. */
export const userListQuery = z.object({
  q: z.preprocess(blankToUndefined, searchBoxText(200).optional()),
  role: z.preprocess(blankToUndefined, z.enum(userRoles).optional()),
  state: z.preprocess(blankToUndefined, z.enum(userStates).optional()),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type UserListFilter = Omit<z.output<typeof userListQuery>, "page">;
