import { z } from "zod";
import { organizationKinds } from "../db/schema/index.js";
import {
  cleanText,
  isWellFormedText,
  localizedTextSchema,
  searchBoxText,
  wellFormedIssue,
} from "../shared/localized.js";
import { blankToUndefined } from "../shared/validation.js";

export const contactInputSchema = z.object({
  /** an existing contact of the organisation, kept (and changed) on update; otherwise a new one */
  id: z.uuid().optional(),
  fullName: cleanText(200),
  role: cleanText(200).optional(),
  email: z.email("must be an email address").max(320).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ().-]{6,30}$/, "must be a phone number (digits, spaces, + ( ) . -)")
    .optional(),
});

/** Only http(s) with a real host name: the workspace and the portal turn it into a link. */
const websiteSchema = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain, error: "must be a web address" })
  .max(500)
  .refine(isWellFormedText, wellFormedIssue);

export const organizationInputSchema = z.object({
  kind: z.enum(organizationKinds),
  name: localizedTextSchema(300),
  acronym: cleanText(30).optional(),
  website: websiteSchema.optional(),
  contacts: z.array(contactInputSchema).max(50).default([]),
});

export type OrganizationInput = z.input<typeof organizationInputSchema>;

/**
 * An edit replaces the organisation's fields and its list of contacts, as of the version the
 * editor loaded. Without a kind, the kind stays (a focal point may not change it); without a
 * list of contacts, the contacts stay.
 */
export const organizationUpdateSchema = organizationInputSchema.extend({
  kind: z.enum(organizationKinds).optional(),
  contacts: z.array(contactInputSchema).max(50).optional(),
  version: z.number().int().min(1),
});

export type OrganizationUpdateInput = z.input<typeof organizationUpdateSchema>;
export type ContactInput = z.output<typeof contactInputSchema>;

/** The orders of a list of organisations: by name in the reader's language, or most agreements first. */
export const organizationSorts = ["name", "agreements"] as const;
export type OrganizationSort = (typeof organizationSorts)[number];

/** A list of organisations' filters, order and page, as its address gives them (workspace and portal). */
export const organizationListQuery = z.object({
  kind: z.preprocess(blankToUndefined, z.enum(organizationKinds).optional()),
  q: z.preprocess(blankToUndefined, searchBoxText(200).optional()),
  sort: z.preprocess(blankToUndefined, z.enum(organizationSorts).optional()),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
