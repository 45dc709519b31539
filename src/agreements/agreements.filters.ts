import { z } from "zod";
import { agreementKinds, agreementStatuses, organizationKinds, visibilities } from "../db/schema/index.js";
import { healthLevels } from "../domain/figures.js";
import { MAX_QUERY_LENGTH } from "../search/query.js";
import { blankToUndefined } from "../shared/validation.js";
import { hcpCodeSchema } from "../territories/territories.input.js";
import { themes } from "./agreements.input.js";
import { agreementSorts } from "./agreements.queries.js";

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

/** The health levels an agreement under way may have (the others have none: "not applicable"). */
export const judgedHealthLevels = healthLevels.filter((level) => level !== "not_applicable") as [
  "on_track",
  "at_risk",
  "off_track",
  "not_enough_data",
];
export type JudgedHealthLevel = (typeof judgedHealthLevels)[number];
/** What may be overdue in an agreement under way. */
export const lateKinds = ["activities", "actions"] as const;
export type LateKind = (typeof lateKinds)[number];

/**
 * The workspace list's follow-up filters, which the dashboard's figures link to: the health
 * level, the next deadline (end of term or renewal notice) within `due` days, overdue
 * activities or follow-up actions, and `mine`: only the agreements whose inside the person
 * sees (a focal point's organisation's, a council's territory's), not every public one.
 * Judged by the follow-up module (progress/), which the workspace hands in.
 */
export const followUpFilterShape = {
  health: optional(z.enum(judgedHealthLevels)),
  due: optional(z.coerce.number().int().min(0).max(3660)),
  late: optional(z.enum(lateKinds)),
  mine: optional(z.literal("1", "must be 1")),
};

export interface FollowUpFilter {
  health?: JudgedHealthLevel;
  /** the next deadline falls within this many days (today included) */
  deadlineWithin?: number;
  late?: LateKind;
}

/** The deadlines the workspace list offers to filter by ("expiring within"), in days. */
export const deadlineChoices = [30, 90, 180, 365] as const;

/**
 * The workspace list's query beyond the catalogue's filters: the follow-up filters, the
 * visibility (the workspace shows internal agreements too), the order and the page.
 */
export const workspaceListShape = {
  ...followUpFilterShape,
  visibility: optional(z.enum(visibilities)),
  sort: optional(z.enum(agreementSorts)),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
};
