import type { Translate } from "../shared/i18n.js";
import { type Language, languages } from "../shared/localized.js";
import { type ReferenceType, sayValue, type ValueWords, valueKindOf } from "../web/field-values.js";
import { fieldLabel } from "../web/forms.js";
import {
  type ChangeKind,
  changeKind,
  type DiffRow,
  type DiffValue,
  diffChanges,
  recordLabel,
} from "./audit.presenter.js";
import type { AuditEventItem } from "./audit.queries.js";
import { nameKey, type RecordNames, type Wanted, want } from "./audit-names.queries.js";

/*
 * An audit event in words, for the log and each record's history: what was done ("Follow-up
 * action created"), to which record (by its reference or title, in the reader's language), and
 * each changed field by its label with its values said as the record's pages say them (see
 * web/field-values.ts). The JSON API keeps the codes (audit.presenter.ts).
 */

/** The record types a name can be read for (the rest are named from their own events). */
const namedTypes = new Set<string>([
  "agreement",
  "organization",
  "user",
  "document",
  "action_plan",
  "activity",
  "indicator",
  "committee_member",
  "meeting",
  "decision",
  "follow_up_action",
]);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The value at a dotted path of one side of an event ("contributions.1.currency"). */
function valueAt(side: unknown, path: string): unknown {
  let here: unknown = side;
  for (const segment of path.split(".")) {
    if (Array.isArray(here)) here = here[Number(segment)];
    else if (isPlainObject(here)) here = here[segment];
    else return undefined;
  }
  return here;
}

/** Every id a page of events points at: its records, their agreements, and the ids in their fields. */
export function referencesOf(events: AuditEventItem[]): Wanted {
  const wanted: Wanted = new Map();
  for (const event of events) {
    if (namedTypes.has(event.entityType)) want(wanted, event.entityType as ReferenceType, event.entityId);
    if (event.agreementId) want(wanted, "agreement", event.agreementId);
    for (const row of diffChanges(event.changes)) {
      const kind = valueKindOf(event.entityType, row.path);
      if (kind.as !== "reference") continue;
      want(wanted, kind.type, row.before);
      want(wanted, kind.type, row.after);
    }
  }
  return wanted;
}

/** The words for what an event did: its own text when the catalogue has one, else its verb and its record type. */
export function actionWords(
  t: Translate,
  event: Pick<AuditEventItem, "action" | "entityType" | "changes">,
): string {
  const own = t(`audit.actions.${event.action}`, { defaultValue: "" });
  if (own) return own;
  const verb = event.action.split(".").at(-1) ?? "";
  const fallback: Record<ChangeKind, string> = {
    create: "create",
    update: "update",
    delete: "delete",
    event: "other",
  };
  const said =
    t(`audit.verbs.${verb}`, { defaultValue: "" }) || t(`audit.verbs.${fallback[changeKind(event.changes)]}`);
  return t("audit.actionOf", { verb: said, type: entityTypeLabel(t, event.entityType) });
}

export const entityTypeLabel = (t: Translate, entityType: string) =>
  t(`audit.entityTypes.${entityType}`, { defaultValue: entityType });

/**
 * The event's record by name: read where it lives (when the reader may read it), else — for a
 * record that is gone — from the record's own events, which whoever reads its history may read.
 */
export function recordName(
  event: AuditEventItem,
  names: RecordNames,
  lang: Language,
  events: AuditEventItem[] = [event],
): string | undefined {
  if (namedTypes.has(event.entityType)) {
    const live = names.get(nameKey(event.entityType as ReferenceType, event.entityId));
    if (live) return live;
  }
  // A value has no name of its own: its indicator's, and the period it is for.
  if (event.entityType === "indicator_value") {
    for (const side of [event.changes.after, event.changes.before]) {
      if (!isPlainObject(side) || typeof side.indicatorId !== "string") continue;
      const indicator = names.get(nameKey("indicator", side.indicatorId));
      if (indicator) return typeof side.period === "string" ? `${indicator} — ${side.period}` : indicator;
    }
  }
  return recordLabel(events, lang);
}

/** The agreement a follow-up record belongs to, by name, when the reader may read it. */
export function agreementNameOf(event: AuditEventItem, names: RecordNames): string | undefined {
  if (!event.agreementId || event.entityType === "agreement") return undefined;
  return names.get(nameKey("agreement", event.agreementId));
}

/** One changed field in words; `lang` is set when the value is one language of a multilingual text. */
export interface LabelledRow {
  label: string;
  before?: string;
  after?: string;
  lang?: Language;
}

/**
 * A multilingual text's rows with the reader's language first (then the others as the catalogue
 * lists them), each text staying where it first appeared among the fields.
 */
function readersLanguageFirst(rows: DiffRow[], lang: Language): DiffRow[] {
  const textPath = (row: DiffRow) => (row.lang ? row.path.slice(0, row.path.lastIndexOf(".")) : row.path);
  const firstSeen = new Map<string, number>();
  rows.forEach((row, index) => {
    if (!firstSeen.has(textPath(row))) firstSeen.set(textPath(row), index);
  });
  const rank = (row: DiffRow) => (!row.lang || row.lang === lang ? 0 : 1 + languages.indexOf(row.lang));
  return [...rows].sort(
    (a, b) => (firstSeen.get(textPath(a)) ?? 0) - (firstSeen.get(textPath(b)) ?? 0) || rank(a) - rank(b),
  );
}

/** The event's changed fields, labelled, each value said as its record's pages say it. */
export function labelledRows(event: AuditEventItem, words: ValueWords): LabelledRow[] {
  const { t } = words;
  // The record's own id says nothing to a person: the event already names the record.
  const rows = readersLanguageFirst(
    diffChanges(event.changes).filter((row) => row.path !== "id"),
    words.lang,
  ).map((row) => {
    const labelled: LabelledRow = { label: row.path ? fieldLabel(row.path, t) : t("audit.value") };
    const say = (value: DiffValue | undefined, side: unknown): string | undefined => {
      if (value === undefined) return undefined;
      if (row.lang && typeof value === "string") return value;
      const kind = valueKindOf(event.entityType, row.path);
      // An amount's currency sits beside it ("contributions.1.currency"); MAD when none does.
      const currency =
        kind.as === "amount" ? valueAt(side, row.path.replace(/[^.]+$/, "currency")) : undefined;
      return sayValue(value, kind, words, {
        currency: typeof currency === "string" ? currency : undefined,
      });
    };
    const before = say(row.before, event.changes.before);
    const after = say(row.after, event.changes.after);
    if (before !== undefined) labelled.before = before;
    if (after !== undefined) labelled.after = after;
    if (row.lang) labelled.lang = row.lang;
    return labelled;
  });
  return rows;
}
