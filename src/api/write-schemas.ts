import { z } from "@hono/zod-openapi";
import { agreementInputSchema, isoDate } from "../agreements/agreements.schema.js";
import { agreementStatuses, organizationKinds, visibilities } from "../db/schema/index.js";
import { contactInputSchema, organizationInputSchema } from "../partners/organizations.schema.js";
import { localizedTextSchema } from "../shared/localized.js";
import { agreementDetailOut, errorOut, organizationRefOut } from "./schemas.js";

/*
 * The request bodies of the write API and what it answers. Bodies reuse the services' own
 * schemas (one definition of every rule), made strict at the top level so that an unknown
 * field is refused rather than silently dropped. Rules across fields (a tacit renewal needs
 * a notice, a commitment's organisation must be a party…) are checked by the service, with
 * the same 400 answer naming the field and the reason.
 */

/** How a caller authenticates; every write needs one of them (reads work anonymously too). */
export const securitySchemes = {
  bearerToken: {
    type: "http",
    scheme: "bearer",
    description:
      "A personal API token (shk_…) created in the workspace. A read-only token may only GET; its writes answer 403.",
  },
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: "sharaka.session_token",
    description:
      "The workspace session (named __Secure-sharaka.session_token over HTTPS). Cross-site requests are impossible: the API never allows CORS.",
  },
} as const;

export const writeSecurity: Record<string, string[]>[] = [{ bearerToken: [] }, { sessionCookie: [] }];
/** Reads answer anonymous callers too, with public records only. */
export const readSecurity: Record<string, string[]>[] = [{}, ...writeSecurity];

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: errorOut } },
});

export const writeErrors = {
  400: errorResponse(
    "The body or a parameter is not valid: `issues` names each field (e.g. `title.fr`) and the reason",
  ),
  401: errorResponse("No valid session or API token"),
  403: errorResponse("The caller may not make this change (role, or a read-only token)"),
  404: errorResponse("No such record, or not visible to the caller"),
  409: errorResponse(
    "`conflict`: the record changed since `version` (the issue on `version` gives the current one), or something still refers to it; `invalid_transition`: the status does not allow it",
  ),
};

export const versionIn = z
  .number()
  .int()
  .min(1)
  .openapi({ description: "The record's version the change is based on (from the last read)", example: 3 });

export const idParam = (name: string, description?: string) =>
  z.uuid().openapi({ param: { name, in: "path" }, description });

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

/* Organisations */

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
        title: agreementDetailOut.shape.title,
        status: z.enum(agreementStatuses),
        visibility: z.enum(visibilities),
        roles: agreementDetailOut.shape.parties.element.shape.role.array(),
      }),
    ),
  })
  .openapi("OrganizationDetail");
