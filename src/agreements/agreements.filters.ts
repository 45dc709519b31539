import { z } from "zod";
import { agreementKinds, agreementStatuses, organizationKinds } from "../db/schema/index.js";
import { MAX_QUERY_LENGTH } from "../search/query.js";
import { blankToUndefined } from "../shared/validation.js";
import { hcpCodeSchema } from "../territories/territories.input.js";
import { themes } from "./agreements.input.js";

const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional());

/** The catalogue's filters, shared by the portal page and GET /api/v1/agreements. */
export const agreementFilterShape = {
  status: optional(z.enum(agreementStatuses)),
  kind: optional(z.enum(agreementKinds)),
  theme: optional(z.enum(themes)),
  partnerKind: optional(z.enum(organizationKinds)),
  territory: optional(hcpCodeSchema),
  partner: optional(z.uuid("must be an organisation id")),
  year: optional(z.coerce.number().int().min(1956).max(2100)),
  q: optional(z.string().trim().max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`)),
};

export const agreementFilterSchema = z.object(agreementFilterShape);
export type AgreementFilterInput = z.output<typeof agreementFilterSchema>;
