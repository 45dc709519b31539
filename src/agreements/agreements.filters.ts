import { z } from "zod";
import { agreementKinds, agreementStatuses, organizationKinds } from "../db/schema/index.js";
import { themes } from "./agreements.schema.js";

/** A blank form field means "no filter", not an invalid value. */
const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blank, schema.optional());

/** The catalogue's filters, shared by the portal page and GET /api/v1/agreements. */
export const agreementFilterShape = {
  status: optional(z.enum(agreementStatuses)),
  kind: optional(z.enum(agreementKinds)),
  theme: optional(z.enum(themes)),
  partnerKind: optional(z.enum(organizationKinds)),
  territory: optional(z.string().regex(/^\d{2}(\.\d{3})?$/, "must be an HCP code like 04 or 04.441")),
  partner: optional(z.uuid("must be an organisation id")),
  year: optional(z.coerce.number().int().min(1956).max(2100)),
  q: optional(z.string().trim().max(200, "must be at most 200 characters")),
};

export const agreementFilterSchema = z.object(agreementFilterShape);
export type AgreementFilterInput = z.output<typeof agreementFilterSchema>;
