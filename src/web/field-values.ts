import { formatDate, formatDateTime, formatNumber, type Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";

/*
 * How a record's field and its value read to a person: the one labeller behind the audit log,
 * each record's history and the edit-conflict panels. A value is said by its kind (a date in
 * the reader's locale, a choice through its catalogue key, an amount with its currency, yes or
 * no, a record by its name), the kind read from the field's name and the record it sits in.
 */

/** The records a field points at by id (or by code, for territories). */
export type ReferenceType =
  | "agreement"
  | "organization"
  | "territory"
  | "user"
  | "document"
  | "objective"
  | "action_plan"
  | "activity"
  | "indicator"
  | "committee_member"
  | "meeting"
  | "decision"
  | "follow_up_action";

export type ValueKind =
  | { as: "text" }
  | { as: "date" }
  | { as: "moment" }
  | { as: "yesNo" }
  /** one of a closed list, said through `${keys}.${value}` */
  | { as: "choice"; keys: string }
  /** a sum of money, in the currency beside it (MAD when none) */
  | { as: "amount" }
  | { as: "reference"; type: ReferenceType };

const text: ValueKind = { as: "text" };
const date: ValueKind = { as: "date" };
const moment: ValueKind = { as: "moment" };
const amount: ValueKind = { as: "amount" };
const choice = (keys: string): ValueKind => ({ as: "choice", keys });
const reference = (type: ReferenceType): ValueKind => ({ as: "reference", type });

/** What a field holds, whatever record it sits in. */
const byField: Record<string, ValueKind> = {
  signedOn: date,
  effectiveOn: date,
  expiresOn: date,
  baselineOn: date,
  targetOn: date,
  dueOn: date,
  doneOn: date,
  plannedStart: date,
  plannedEnd: date,
  actualStart: date,
  actualEnd: date,
  periodStart: date,
  periodEnd: date,
  startsAt: moment,
  deletedAt: moment,
  expiresAt: moment,
  lastUsedAt: moment,
  revokedAt: moment,
  createdAt: moment,
  updatedAt: moment,
  amount,
  budgetPlanned: amount,
  budgetSpent: amount,
  visibility: choice("visibility"),
  renewal: choice("renewal"),
  themes: choice("theme"),
  nature: choice("nature"),
  targetGroups: choice("activities.targetGroups"),
  direction: choice("indicators.directions"),
  frequency: choice("indicators.frequencies"),
  aggregation: choice("indicators.aggregations"),
  locale: choice("languageNames"),
  organizationId: reference("organization"),
  responsibleOrganizationId: reference("organization"),
  ownerOrganizationId: reference("organization"),
  territoryCodes: reference("territory"),
  territoryCode: reference("territory"),
  attendance: reference("territory"),
  ownerUserId: reference("user"),
  enteredBy: reference("user"),
  reviewedBy: reference("user"),
  userId: reference("user"),
  documentIds: reference("document"),
  evidenceDocumentId: reference("document"),
  minutesDocumentId: reference("document"),
  objectiveIds: reference("objective"),
  objectiveId: reference("objective"),
  actionPlanId: reference("action_plan"),
  activityId: reference("activity"),
  indicatorId: reference("indicator"),
  meetingId: reference("meeting"),
  decisionId: reference("decision"),
  attendeeIds: reference("committee_member"),
  memberId: reference("committee_member"),
  agreementId: reference("agreement"),
  parentId: reference("agreement"),
};

/** Fields whose meaning depends on the record: an agreement's status is not an activity's. */
const byRecord: Record<string, Record<string, ValueKind>> = {
  agreement: { status: choice("status"), kind: choice("kind"), role: choice("role") },
  organization: { kind: choice("orgKind") },
  activity: { status: choice("activities.statuses"), kind: choice("activities.kinds") },
  indicator_value: { status: choice("indicators.statuses") },
  meeting: { status: choice("meetings.meetingStatus") },
  follow_up_action: { status: choice("meetings.actionStatus") },
  committee_member: { role: choice("meetings.roles") },
  document: { kind: choice("documents.kinds") },
  user: { role: choice("roles") },
  api_token: { scope: choice("tokens.scope") },
  alert_rule: { kind: choice("alerts.kinds") },
  territory: { kind: choice("territoryKind") },
};

/** The last segment of a dotted path that names a field ("parties.2.role" → "role", "themes.0" → "themes"). */
export function fieldNameOf(path: string): string | undefined {
  const segments = path.split(".").filter((segment) => !/^\d+$/.test(segment));
  const last = segments.at(-1);
  return last === "ar" || last === "fr" || last === "en" ? segments.at(-2) : last;
}

/** What a field of a record of this type holds (`path` may be dotted, as a diff flattens it). */
export function valueKindOf(entityType: string, path: string): ValueKind {
  const field = fieldNameOf(path);
  if (!field) return text;
  return byRecord[entityType]?.[field] ?? byField[field] ?? text;
}

export interface ValueWords {
  lang: Language;
  t: Translate;
  /** a referenced record's name, or undefined when the reader may not read it (or it is gone) */
  nameOf?: (type: ReferenceType, id: string) => string | undefined;
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** A referenced record the reader may not read, or that is gone: one neutral label for both, so neither leaks. */
export const unavailableRecord = (t: Translate): string => t("values.unavailable");

/**
 * A value in words. `currency` is the amount's, when the record keeps one beside it. A value
 * that does not fit its kind (an old event written before a field changed meaning) is shown as
 * written rather than refused.
 */
export function sayValue(
  value: string | number | boolean | null | undefined,
  kind: ValueKind,
  words: ValueWords,
  { currency }: { currency?: string } = {},
): string {
  const { lang, t } = words;
  if (value === null || value === undefined || value === "") return t("values.empty");
  if (typeof value === "boolean") return t(value ? "values.yes" : "values.no");
  switch (kind.as) {
    case "date":
      return typeof value === "string" && isoDay.test(value) ? formatDate(lang, value) : String(value);
    case "moment": {
      const at = new Date(String(value));
      return Number.isNaN(at.getTime()) ? String(value) : formatDateTime(lang, at);
    }
    case "amount": {
      const sum = Number(value);
      if (!Number.isFinite(sum)) return String(value);
      const code = currency && /^[A-Z]{3}$/.test(currency) ? currency : "MAD";
      return formatNumber(lang, sum, { style: "currency", currency: code });
    }
    case "choice":
      return t(`${kind.keys}.${String(value)}`, { defaultValue: String(value) });
    case "reference":
      return words.nameOf?.(kind.type, String(value)) ?? unavailableRecord(t);
    default:
      return typeof value === "number" ? formatNumber(lang, value) : String(value);
  }
}
