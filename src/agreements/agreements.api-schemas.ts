import { z } from "@hono/zod-openapi";
import {
  agreementKinds,
  agreementStatuses,
  contributionNatures,
  partyRoles,
  renewalModes,
  territoryKinds,
  visibilities,
} from "../db/schema/index.js";
import { organizationRefOut } from "../partners/organizations.api-schemas.js";
import { localizedTextSchema } from "../shared/localized.js";
import { localizedTextOut, versionIn } from "../web/openapi.js";
import { agreementInputSchema, isoDate, themes } from "./agreements.input.js";

/*
 * The request bodies of the write API and what it answers. Bodies reuse the services' own
 * schemas (one definition of every rule), made strict at the top level so that an unknown
 * field is refused rather than silently dropped. Rules across fields (a tacit renewal needs
 * a notice, a commitment's organisation must be a party…) are checked by the service, with
 * the same 400 answer naming the field and the reason.
 */

/** The public shape of an agreement; the presenter returns exactly this. */
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

/* Agreements */

const agreementShape = agreementInputSchema.shape;
// The source key is the page importer's own; the API neither sets nor shows it.
const { sourceKey: _sourceKey, ...creatableShape } = agreementShape;

export const agreementCreateIn = z.strictObject(creatableShape).openapi("AgreementInput", {
  description:
    "A new agreement. Texts are { ar?, fr?, en? } with at least one language; ids are UUIDs; dates YYYY-MM-DD.",
});

/** Optional fields that a PATCH may clear by sending null. */
export const clearableAgreementFields = [
  "signedOn",
  "effectiveOn",
  "expiresOn",
  "durationMonths",
  "renewalNoticeDays",
  "parentId",
] as const;

export const agreementPatchIn = z
  .strictObject({
    version: versionIn,
    reference: agreementShape.reference.optional(),
    kind: agreementShape.kind.optional(),
    title: agreementShape.title.optional(),
    summary: agreementShape.summary.unwrap().optional(),
    visibility: agreementShape.visibility.unwrap().optional(),
    themes: agreementShape.themes.unwrap().optional(),
    national: agreementShape.national.unwrap().optional(),
    territoryCodes: agreementShape.territoryCodes.unwrap().optional(),
    signedOn: isoDate.nullable().optional(),
    effectiveOn: isoDate.nullable().optional(),
    expiresOn: isoDate.nullable().optional(),
    durationMonths: agreementShape.durationMonths.unwrap().nullable().optional(),
    renewal: agreementShape.renewal.unwrap().optional(),
    renewalNoticeDays: agreementShape.renewalNoticeDays.unwrap().nullable().optional(),
    parentId: agreementShape.parentId.unwrap().nullable().optional(),
    parties: agreementShape.parties.optional(),
    objectives: agreementShape.objectives.unwrap().optional(),
    objectiveIds: z.array(z.uuid().nullable()).max(200).optional().openapi({
      description:
        "With `objectives`: the id of each objective (null for a new one), in the same order, so that existing objectives keep their identity",
    }),
    commitments: agreementShape.commitments.unwrap().optional(),
    contributions: agreementShape.contributions.unwrap().optional(),
    amendments: agreementShape.amendments.unwrap().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.objectiveIds === undefined) return;
    if (value.objectives === undefined) {
      ctx.addIssue({ code: "custom", path: ["objectiveIds"], message: "may only be sent with objectives" });
    } else if (value.objectiveIds.length !== value.objectives.length) {
      ctx.addIssue({
        code: "custom",
        path: ["objectiveIds"],
        message: "must have one entry per objective",
      });
    }
  })
  .openapi("AgreementPatch", {
    description:
      "A change to an agreement, based on `version`. Top-level fields left out keep their current value; a field sent replaces the current one whole (a text with all its languages, a list with all its items); null clears an optional field (dates, durationMonths, renewalNoticeDays, parentId). The status changes through /transitions only.",
  });

export const transitionIn = z
  .strictObject({
    to: z.enum(agreementStatuses),
    signedOn: isoDate.optional().openapi({
      description: "The signature date; required to become signed or in_force unless already known",
    }),
    version: versionIn,
  })
  .openapi("AgreementTransition");

export const publicationIn = z
  .strictObject({
    visibility: z.enum(visibilities).openapi({ description: "public: on the portal; internal: withdrawn" }),
    version: versionIn,
  })
  .openapi("AgreementPublication");

export const commitmentsIn = z
  .strictObject({
    version: versionIn,
    commitments: z.array(localizedTextSchema(4000)).max(100),
  })
  .openapi("PartyCommitments", {
    description: "Replaces, whole and in order, the commitments of one party to the agreement",
  });

export const agreementOut = agreementDetailOut
  .extend({ version: z.number().int().openapi({ description: "Send it back with a change", example: 1 }) })
  .openapi("AgreementWithVersion");
