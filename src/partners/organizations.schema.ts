import { z } from "zod";
import { organizationKinds } from "../db/schema/index.js";
import { cleanText, localizedTextSchema } from "../shared/localized.js";

export const contactInputSchema = z.object({
  fullName: cleanText(200),
  role: cleanText(200).optional(),
  email: z.email("must be an email address").max(320).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ().-]{6,30}$/, "must be a phone number (digits, spaces, + ( ) . -)")
    .optional(),
});

export const organizationInputSchema = z.object({
  kind: z.enum(organizationKinds),
  name: localizedTextSchema(300),
  acronym: cleanText(30).optional(),
  website: z.url("must be a web address").max(500).optional(),
  contacts: z.array(contactInputSchema).max(50).default([]),
});

export type OrganizationInput = z.input<typeof organizationInputSchema>;
