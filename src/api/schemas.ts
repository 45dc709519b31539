import { z } from "@hono/zod-openapi";
import { themes } from "../agreements/agreements.schema.js";
import {
  agreementKinds,
  agreementStatuses,
  contributionNatures,
  organizationKinds,
  partyRoles,
  renewalModes,
  territoryKinds,
  visibilities,
} from "../db/schema/index.js";

/** The public shapes of the API. Presenters return exactly these; the OpenAPI document is built from them. */
export const localizedTextOut = z
  .object({ ar: z.string().optional(), fr: z.string().optional(), en: z.string().optional() })
  .openapi("LocalizedText", {
    description: "A text in up to three languages",
    example: { fr: "Texte", ar: "نص" },
  });

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

export const territoryOut = z
  .object({
    code: z.string().openapi({ example: "04.421", description: "HCP geographic code" }),
    kind: z.enum(territoryKinds),
    name: localizedTextOut,
    fullName: localizedTextOut,
    regionCode: z.string().nullable(),
    iso3166_2: z.string().nullable(),
    population2024: z.number().int().nullable(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
  })
  .openapi("Territory");

export const partyOut = z
  .object({ organization: organizationRefOut, role: z.enum(partyRoles) })
  .openapi("Party");

export const agreementSummaryOut = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    kind: z.enum(agreementKinds),
    title: localizedTextOut,
    status: z.enum(agreementStatuses),
    visibility: z.enum(visibilities),
    themes: z.array(z.enum(themes)),
    national: z.boolean(),
    signedOn: z.string().nullable(),
    effectiveOn: z.string().nullable(),
    expiresOn: z.string().nullable(),
    parties: z.array(partyOut),
    updatedAt: z.string(),
  })
  .openapi("AgreementSummary");

export const agreementDetailOut = agreementSummaryOut
  .extend({
    summary: localizedTextOut,
    durationMonths: z.number().int().nullable(),
    renewal: z.enum(renewalModes),
    renewalNoticeDays: z.number().int().nullable(),
    territories: z.array(
      z.object({ code: z.string(), kind: z.enum(territoryKinds), name: localizedTextOut }),
    ),
    objectives: z.array(z.object({ id: z.uuid(), position: z.number().int(), text: localizedTextOut })),
    commitments: z.array(z.object({ id: z.uuid(), organizationId: z.uuid(), text: localizedTextOut })),
    contributions: z.array(
      z.object({
        id: z.uuid(),
        organizationId: z.uuid(),
        amount: z.string().openapi({ example: "1500000.00", description: "decimal, as a string" }),
        currency: z.string(),
        nature: z.enum(contributionNatures),
        description: localizedTextOut,
      }),
    ),
    amendments: z.array(z.object({ id: z.uuid(), signedOn: z.string(), summary: localizedTextOut })),
    actionPlans: z.array(
      z.object({
        id: z.uuid(),
        title: localizedTextOut,
        periodStart: z.string().nullable(),
        periodEnd: z.string().nullable(),
      }),
    ),
    parent: z.object({ id: z.uuid(), reference: z.string(), title: localizedTextOut }).nullable(),
    children: z.array(z.object({ id: z.uuid(), reference: z.string(), title: localizedTextOut })),
  })
  .openapi("Agreement");

export const errorOut = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation" }),
      message: z.string(),
      issues: z.array(
        z.object({
          field: z.string().openapi({ example: "title.fr" }),
          message: z.string(),
          reason: z.string().optional().openapi({
            description: "A stable key for the reason, e.g. required, empty, tooLongMax",
            example: "empty",
          }),
          values: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
        }),
      ),
    }),
  })
  .openapi("Error");

export const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), total: z.number().int() }).openapi(name);
