import { inArray, type SQL } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { type AlertKind, agreementParties, agreements } from "../db/schema/index.js";
import { trackedAgreementStatuses } from "../domain/figures.js";
import { appendTo } from "../shared/collections.js";
import type { LocalizedText } from "../shared/localized.js";
import { alertKindRules, stageOn } from "./alert-rules.js";

/** What every finder (agreement-conditions.ts, followup-conditions.ts) gives and takes. */
export interface AlertCondition {
  kind: AlertKind;
  subjectId: string;
  occurrence: string;
  agreementId: string;
  dueOn: string;
  stage: number;
  subjectTitle: LocalizedText;
  detail: string;
  recordPath: string;
  organizationIds: string[];
  ownerUserId: string | null;
}

export interface FinderOptions {
  db: Executor;
  today: string;
  leadDays: readonly number[];
  /** only these subjects (the alert centre's check); all when absent */
  subjectIds?: string[];
}

export type Finder = (options: FinderOptions) => Promise<AlertCondition[]>;

export const tracked = inArray(agreements.status, [...trackedAgreementStatuses]);
export const onlySubjects = (column: Parameters<typeof inArray>[0], ids?: string[]): SQL | undefined =>
  ids ? inArray(column, ids.length ? ids : ["00000000-0000-0000-0000-000000000000"]) : undefined;

export function staged(
  kind: AlertKind,
  options: FinderOptions,
  dueOn: string,
  rest: Omit<AlertCondition, "kind" | "dueOn" | "stage">,
): AlertCondition | null {
  const stage = stageOn({
    dueOn,
    today: options.today,
    leadDays: options.leadDays,
    overdue: alertKindRules[kind].overdue,
  });
  return stage === null ? null : { kind, dueOn, stage, ...rest };
}

export async function partiesOf(db: Executor, agreementIds: string[]): Promise<Map<string, string[]>> {
  const parties = new Map<string, string[]>();
  if (!agreementIds.length) return parties;
  const rows = await db
    .select({ agreementId: agreementParties.agreementId, organizationId: agreementParties.organizationId })
    .from(agreementParties)
    .where(inArray(agreementParties.agreementId, agreementIds));
  for (const row of rows) appendTo(parties, row.agreementId, row.organizationId);
  return parties;
}
