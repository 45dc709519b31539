import type { ActivityKind, ActivityStatus, TargetGroup } from "../db/schema/index.js";
import { AppError } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import type { LocalizedText } from "../shared/localized.js";
import { localizedField, localizeIssue, textField } from "../web/forms.js";
import { requiredFormVersion } from "../web/params.js";
import type { ActivityInput, PlanInput, ProgressReportInput } from "./activities.input.js";
import type { ActivityRecord, PlanRow } from "./activities.queries.js";

/*
 * The workspace forms' values, as the person typed them (kept when a save is refused), and
 * the services' input made from them. Numbers stay text until the input is made: a typo is
 * shown back as typed, and refused with a reason naming the field.
 */

export interface PlanFormValues {
  title: LocalizedText;
  periodStart?: string;
  periodEnd?: string;
}

export interface ActivityFormValues {
  actionPlanId?: string;
  kind?: string;
  title: LocalizedText;
  description: LocalizedText;
  objectiveIds: string[];
  responsibleOrganizationId?: string;
  territoryCodes: string[];
  targetGroups: string[];
  plannedStart?: string;
  plannedEnd?: string;
  budgetPlanned?: string;
  status?: string;
  actualStart?: string;
  actualEnd?: string;
  budgetSpent?: string;
  participantCount?: string;
  attendance: string[];
  deliverables: LocalizedText;
  documentIds: string[];
}

type Body = Record<string, unknown>;

/** A repeated field (checkboxes) as a list of its non-blank values. */
function listField(body: Body, name: string): string[] {
  const value = body[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((entry): entry is string => typeof entry === "string" && entry.trim() !== "");
}

export function planValuesOf(row: PlanRow): PlanFormValues {
  return {
    title: { ...row.title },
    periodStart: row.periodStart ?? undefined,
    periodEnd: row.periodEnd ?? undefined,
  };
}

export function readPlanForm(body: Body): { values: PlanFormValues; version: number } {
  return {
    values: {
      title: localizedField(body, "title"),
      periodStart: textField(body, "periodStart"),
      periodEnd: textField(body, "periodEnd"),
    },
    version: requiredFormVersion(body),
  };
}

export function planInputOf(values: PlanFormValues): PlanInput {
  return {
    title: values.title,
    periodStart: values.periodStart ?? null,
    periodEnd: values.periodEnd ?? null,
  };
}

export const emptyActivityValues = (): ActivityFormValues => ({
  title: {},
  description: {},
  objectiveIds: [],
  territoryCodes: [],
  targetGroups: [],
  attendance: [],
  deliverables: {},
  documentIds: [],
  status: "planned",
});

/** Amounts as people write them: "12 500,50" is 12500.5; anything else is not a number. */
function amountOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const normalized = text.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  return /^-?\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : Number.NaN;
}

function countOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

const amountText = (value: string): string => value.replace(/\.00$/, "");

export function activityValuesOf(record: ActivityRecord): ActivityFormValues {
  return {
    actionPlanId: record.actionPlanId,
    kind: record.kind,
    title: { ...record.title },
    description: { ...record.description },
    objectiveIds: [...record.objectiveIds],
    responsibleOrganizationId: record.responsibleOrganizationId,
    territoryCodes: [...record.territoryCodes],
    targetGroups: [...record.targetGroups],
    plannedStart: record.plannedStart ?? undefined,
    plannedEnd: record.plannedEnd ?? undefined,
    budgetPlanned: amountText(record.budgetPlanned),
    status: record.status,
    actualStart: record.actualStart ?? undefined,
    actualEnd: record.actualEnd ?? undefined,
    budgetSpent: amountText(record.budgetSpent),
    participantCount: record.participantCount === null ? undefined : String(record.participantCount),
    attendance: record.attendance.map((entry) => entry.territoryCode),
    deliverables: { ...record.deliverables },
    documentIds: record.documents.map((doc) => doc.id),
  };
}

/** A posted activity form (the planned part, the reported part, or both). Read with `all: true`. */
export function readActivityForm(body: Body): { values: ActivityFormValues; version: number } {
  return {
    values: {
      actionPlanId: textField(body, "actionPlanId"),
      kind: textField(body, "kind"),
      title: localizedField(body, "title"),
      description: localizedField(body, "description"),
      objectiveIds: listField(body, "objectiveIds"),
      responsibleOrganizationId: textField(body, "responsibleOrganizationId"),
      territoryCodes: listField(body, "territoryCodes"),
      targetGroups: listField(body, "targetGroups"),
      plannedStart: textField(body, "plannedStart"),
      plannedEnd: textField(body, "plannedEnd"),
      budgetPlanned: textField(body, "budgetPlanned"),
      status: textField(body, "status"),
      actualStart: textField(body, "actualStart"),
      actualEnd: textField(body, "actualEnd"),
      budgetSpent: textField(body, "budgetSpent"),
      participantCount: textField(body, "participantCount"),
      attendance: listField(body, "attendance"),
      deliverables: localizedField(body, "deliverables"),
      documentIds: listField(body, "documentIds"),
    },
    version: requiredFormVersion(body),
  };
}

/** The report's part of the input. Unknown choices go to the service as they came, so its refusal names them. */
export function reportInputOf(values: ActivityFormValues): Omit<ProgressReportInput, "version"> {
  return {
    status: values.status as ActivityStatus,
    actualStart: values.actualStart ?? null,
    actualEnd: values.actualEnd ?? null,
    budgetSpent: amountOf(values.budgetSpent),
    participantCount: countOf(values.participantCount),
    attendance: values.attendance,
    deliverables: values.deliverables,
    documentIds: values.documentIds,
  };
}

export function activityInputOf(values: ActivityFormValues): ActivityInput {
  return {
    actionPlanId: values.actionPlanId as string,
    kind: values.kind as ActivityKind,
    title: values.title,
    description: values.description,
    objectiveIds: values.objectiveIds,
    responsibleOrganizationId: values.responsibleOrganizationId as string,
    territoryCodes: values.territoryCodes,
    targetGroups: values.targetGroups as TargetGroup[],
    plannedStart: values.plannedStart ?? null,
    plannedEnd: values.plannedEnd ?? null,
    budgetPlanned: amountOf(values.budgetPlanned),
    ...reportInputOf(values),
  };
}

const amountFields = new Set(["budgetPlanned", "budgetSpent"]);

/** An amount that is not a number is said as such ("an amount in MAD"), not as "a whole number". */
export function formError(error: AppError): { error: AppError; invalid: Set<string> } {
  const issues = error.issues.map((issue) =>
    amountFields.has(issue.field) && issue.reason === "notANumber"
      ? { ...issue, reason: "activities.reasons.amount" }
      : issue,
  );
  const invalid = new Set(issues.map((issue) => issue.field.split(".")[0] ?? issue.field));
  return { error: new AppError(error.code, error.message, { issues }), invalid };
}

/** Refusals that are not about a field the person typed: said as sentences of their own. */
const refusals = new Set(["planHasActivities", "measuredByIndicators", "cancelledActivity"]);

/** Why a deletion or an attendance was refused, in the page's language. */
export function refusalMessages(t: Translate, error: AppError): string[] {
  if (!error.issues.length) return [t("errors.invalidInput")];
  return error.issues.map((issue) => {
    if (issue.field === "version") return t("activities.refusals.changed");
    const key = issue.reason?.replace(/^activities\.reasons\./, "");
    if (key && refusals.has(key)) return t(`activities.refusals.${key}`, { ...issue.values });
    return localizeIssue(issue, t);
  });
}
