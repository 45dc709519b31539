import { z } from "@hono/zod-openapi";
import { agreementStatuses, organizationKinds, partyRoles, visibilities } from "../db/schema/index.js";
import { localizedTextOut, versionIn } from "../web/openapi.js";
import { contactInputSchema, organizationInputSchema } from "./organizations.input.js";

/** The public shapes of organisations, and the bodies of their writes (see agreements.api-schemas.ts). */
export const organizationRefOut = z
  .object({
    id: z.uuid(),
    name: localizedTextOut,
    kind: z.enum(organizationKinds),
    acronym: z.string().nullable(),
  })
  .openapi("OrganizationRef");

export const organizationOut = organizationRefOut
  .extend({ website: z.string().nullable(), agreementCount: z.number().int() })
  .openapi("Organization");

export const organizationCreateIn = organizationInputSchema.strict().openapi("OrganizationInput");

export const organizationPatchIn = z
  .strictObject({
    version: versionIn,
    kind: z.enum(organizationKinds).optional().openapi({ description: "Staff only" }),
    name: organizationInputSchema.shape.name.optional(),
    acronym: organizationInputSchema.shape.acronym.unwrap().nullable().optional(),
    website: organizationInputSchema.shape.website.unwrap().nullable().optional(),
    contacts: z.array(contactInputSchema).max(50).optional().openapi({
      description:
        "The whole list, in order: an item with the id of a current contact changes it, one without an id is added, a current contact left out is removed",
    }),
  })
  .openapi("OrganizationPatch", {
    description:
      "A change to an organisation, based on `version`. Fields left out keep their current value; null clears the acronym or the website.",
  });

export const contactIn = contactInputSchema
  .omit({ id: true })
  .extend({ version: versionIn })
  .strict()
  .openapi("ContactInput", { description: "One contact; `version` is the organisation's" });

export const contactPatchIn = z
  .strictObject({
    version: versionIn,
    fullName: contactInputSchema.shape.fullName.optional(),
    role: contactInputSchema.shape.role.unwrap().nullable().optional(),
    email: contactInputSchema.shape.email.unwrap().nullable().optional(),
    phone: contactInputSchema.shape.phone.unwrap().nullable().optional(),
  })
  .openapi("ContactPatch", {
    description:
      "A change to one contact, based on the organisation's `version`; fields left out stay, null clears one",
  });

export const contactOut = z
  .object({
    id: z.uuid(),
    fullName: z.string(),
    role: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .openapi("Contact");

export const organizationDetailOut = organizationRefOut
  .extend({
    website: z.string().nullable(),
    version: z.number().int(),
    contacts: z
      .array(contactOut)
      .nullable()
      .openapi({ description: "null for anonymous callers: contacts are personal data" }),
    agreements: z.array(
      z.object({
        id: z.uuid(),
        reference: z.string(),
        title: localizedTextOut,
        status: z.enum(agreementStatuses),
        visibility: z.enum(visibilities),
        // the same shapes as an agreement's title and party role (agreements.api-schemas.ts)
        roles: z.array(z.enum(partyRoles)),
      }),
    ),
  })
  .openapi("OrganizationDetail");
