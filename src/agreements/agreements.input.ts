import { z } from "zod";
import {
  agreementKinds,
  agreementStatuses,
  contributionNatures,
  partyRoles,
  renewalModes,
  visibilities,
} from "../db/schema/index.js";
import { cleanText, localizedTextSchema, optionalLocalizedTextSchema, text } from "../shared/localized.js";
import { hcpCodeSchema } from "../territories/territories.input.js";

/** Themes are a fixed vocabulary so that filters and translations stay consistent. */
export const themes = [
  "governance",
  "decentralization",
  "research",
  "training",
  "social",
  "education",
  "employment",
  "territorial-planning",
  "international-cooperation",
] as const;
export type Theme = (typeof themes)[number];

/**
 * A calendar date as YYYY-MM-DD, between 1900 and 2199: JavaScript reads year 0 but
 * PostgreSQL refuses it, and no agreement of this registry is dated outside that range.
 */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
  .refine((value) => value >= "1900-01-01" && value < "2200-01-01", {
    message: "must be between 1900 and 2199",
    params: { reason: "dateOutOfRange" },
  })
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
      new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    { message: "is not a real calendar date", params: { reason: "invalidFormat" } },
  );

export const referenceSchema = cleanText(60).pipe(
  z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N} ._/-]*$/u, "may hold letters, digits, spaces and . _ / - only"),
);

const partySchema = z.object({
  organizationId: z.uuid("must be an organisation id"),
  role: z.enum(partyRoles),
});

/**
 * An agreement's scope: what the input says, or, when it says nothing, national only if it names
 * no territory. A scope given by territories must not silently reach every council.
 */
export function isNational(input: { national?: boolean; territoryCodes: readonly string[] }): boolean {
  return input.national ?? input.territoryCodes.length === 0;
}

export const agreementInputSchema = z
  .object({
    reference: referenceSchema,
    kind: z.enum(agreementKinds),
    title: localizedTextSchema(500),
    summary: optionalLocalizedTextSchema(8000).default({}),
    status: z.enum(agreementStatuses).default("draft"),
    visibility: z.enum(visibilities).default("internal"),
    themes: z.array(z.enum(themes)).max(themes.length).default([]),
    /** Left out: national when no territory is named, otherwise the territories named (see `isNational`). */
    national: z.boolean().optional(),
    territoryCodes: z.array(hcpCodeSchema).max(100).default([]),
    signedOn: isoDate.optional(),
    effectiveOn: isoDate.optional(),
    expiresOn: isoDate.optional(),
    durationMonths: z.number().int().min(1).max(1200).optional(),
    renewal: z.enum(renewalModes).default("none"),
    renewalNoticeDays: z.number().int().min(0).max(3650).optional(),
    parentId: z.uuid().optional(),
    sourceKey: text().max(200).optional(),
    parties: z.array(partySchema).min(1, "an agreement needs at least one party").max(50),
    objectives: z.array(localizedTextSchema(4000)).max(200).default([]),
    commitments: z
      .array(z.object({ organizationId: z.uuid(), text: localizedTextSchema(4000) }))
      .max(200)
      .default([]),
    contributions: z
      .array(
        z.object({
          organizationId: z.uuid(),
          amount: z
            .number()
            .nonnegative("must not be negative")
            .max(1e13)
            .multipleOf(0.01, "has more than 2 decimals"),
          currency: z
            .string()
            .regex(/^[A-Z]{3}$/, "must be a 3-letter currency code")
            .default("MAD"),
          nature: z.enum(contributionNatures),
          description: optionalLocalizedTextSchema(2000).default({}),
        }),
      )
      .max(100)
      .default([]),
    amendments: z
      .array(z.object({ signedOn: isoDate, summary: localizedTextSchema(4000) }))
      .max(100)
      .default([]),
    actionPlans: z
      .array(
        z.object({
          title: localizedTextSchema(300),
          periodStart: isoDate.optional(),
          periodEnd: isoDate.optional(),
        }),
      )
      .max(50)
      .default([]),
  })
  .superRefine((value, ctx) => {
    if (!isNational(value) && value.territoryCodes.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["territoryCodes"],
        message: "name at least one territory, or mark the agreement national",
        params: { reason: "territoryNeeded" },
      });
    }
    if (value.effectiveOn && value.expiresOn && value.expiresOn < value.effectiveOn) {
      ctx.addIssue({
        code: "custom",
        path: ["expiresOn"],
        message: "must not be before the effective date",
        params: { reason: "beforeEffective" },
      });
    }
    if (value.renewal === "tacit" && value.renewalNoticeDays === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["renewalNoticeDays"],
        message: "is required for a tacit renewal",
        params: { reason: "tacitNotice" },
      });
    }
    if (requiresSignature(value.status) && !value.signedOn && value.status !== "signed") {
      ctx.addIssue({
        code: "custom",
        path: ["signedOn"],
        message: `is required for the status ${value.status}`,
        params: { reason: "signatureRequired" },
      });
    }
    const partyIds = new Set(value.parties.map((party) => party.organizationId));
    const seen = new Set<string>();
    value.parties.forEach((party, index) => {
      const key = `${party.organizationId}/${party.role}`;
      if (seen.has(key))
        ctx.addIssue({
          code: "custom",
          path: ["parties", index],
          message: "is listed twice with the same role",
          params: { reason: "partyTwice" },
        });
      seen.add(key);
    });
    for (const [list, items] of [
      ["commitments", value.commitments],
      ["contributions", value.contributions],
    ] as const) {
      items.forEach((item, index) => {
        if (!partyIds.has(item.organizationId)) {
          ctx.addIssue({
            code: "custom",
            path: [list, index, "organizationId"],
            message: "must be one of the agreement's parties",
            params: { reason: "notAParty" },
          });
        }
      });
    }
  });

export type AgreementInput = z.input<typeof agreementInputSchema>;
export type AgreementData = z.output<typeof agreementInputSchema>;

/** Statuses that only exist once an agreement has been signed. */
export function requiresSignature(status: (typeof agreementStatuses)[number]): boolean {
  return status === "signed" || status === "in_force" || status === "suspended" || status === "expired";
}
