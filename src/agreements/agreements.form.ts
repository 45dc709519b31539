import type { LocalizedText } from "../shared/localized.js";
import { type PostedBody, postedText, postedTexts } from "../web/forms.js";
import type { AgreementInput } from "./agreements.input.js";
import type { AgreementDetail } from "./agreements.queries.js";

/**
 * What the agreement form holds, as text, exactly as the person typed it: a refused save
 * shows the form again with every value kept. Lists are edited row by row; the buttons
 * "add", "remove", "up" and "down" send the form with an `intent`, and the server answers
 * with the form changed (no JavaScript needed; htmx only swaps the form in place).
 */
export interface AgreementFormState {
  version?: string;
  reference: string;
  kind: string;
  status: string;
  visibility: string;
  title: LocalizedText;
  summary: LocalizedText;
  themes: string[];
  national: boolean;
  territoryCodes: string[];
  signedOn: string;
  effectiveOn: string;
  expiresOn: string;
  durationMonths: string;
  renewal: string;
  renewalNoticeDays: string;
  parentReference: string;
  parties: { organizationId: string; role: string }[];
  objectives: { id: string; text: LocalizedText }[];
  commitments: { organizationId: string; text: LocalizedText }[];
  contributions: {
    organizationId: string;
    amount: string;
    currency: string;
    nature: string;
    description: LocalizedText;
  }[];
  amendments: { signedOn: string; summary: LocalizedText }[];
}

export const formLists = ["parties", "objectives", "commitments", "contributions", "amendments"] as const;
export type FormList = (typeof formLists)[number];
const MAX_ROWS = 200;

type Body = PostedBody;

const localized = (body: Body, name: string): LocalizedText => {
  const result: LocalizedText = {};
  for (const lang of ["ar", "fr", "en"] as const) {
    const value = postedText(body, `${name}.${lang}`);
    if (value.trim()) result[lang] = value;
  }
  return result;
};

/** The row indexes a list has in the body ("parties.0.role", "parties.3.role" → [0, 3]). */
function rowIndexes(body: Body, list: FormList): number[] {
  const found = new Set<number>();
  const pattern = new RegExp(`^${list}\\.(\\d{1,3})\\.`);
  for (const key of Object.keys(body)) {
    const match = pattern.exec(key);
    if (match) found.add(Number(match[1]));
  }
  return [...found].sort((a, b) => a - b).slice(0, MAX_ROWS);
}

export function readAgreementForm(body: Body): AgreementFormState {
  const rows = <T>(list: FormList, read: (prefix: string) => T) =>
    rowIndexes(body, list).map((index) => read(`${list}.${index}.`));
  return {
    version: postedText(body, "version") || undefined,
    reference: postedText(body, "reference"),
    kind: postedText(body, "kind"),
    status: postedText(body, "status"),
    visibility: postedText(body, "visibility"),
    title: localized(body, "title"),
    summary: localized(body, "summary"),
    themes: postedTexts(body, "themes"),
    national: postedText(body, "national") === "on",
    territoryCodes: postedTexts(body, "territoryCodes"),
    signedOn: postedText(body, "signedOn"),
    effectiveOn: postedText(body, "effectiveOn"),
    expiresOn: postedText(body, "expiresOn"),
    durationMonths: postedText(body, "durationMonths"),
    renewal: postedText(body, "renewal"),
    renewalNoticeDays: postedText(body, "renewalNoticeDays"),
    parentReference: postedText(body, "parentReference"),
    parties: rows("parties", (p) => ({
      organizationId: postedText(body, `${p}organizationId`),
      role: postedText(body, `${p}role`),
    })),
    objectives: rows("objectives", (p) => ({
      id: postedText(body, `${p}id`),
      text: localized(body, `${p}text`),
    })),
    commitments: rows("commitments", (p) => ({
      organizationId: postedText(body, `${p}organizationId`),
      text: localized(body, `${p}text`),
    })),
    contributions: rows("contributions", (p) => ({
      organizationId: postedText(body, `${p}organizationId`),
      amount: postedText(body, `${p}amount`),
      currency: postedText(body, `${p}currency`),
      nature: postedText(body, `${p}nature`),
      description: localized(body, `${p}description`),
    })),
    amendments: rows("amendments", (p) => ({
      signedOn: postedText(body, `${p}signedOn`),
      summary: localized(body, `${p}summary`),
    })),
  };
}

export const emptyRow: { [L in FormList]: () => AgreementFormState[L][number] } = {
  parties: () => ({ organizationId: "", role: "signatory" }),
  objectives: () => ({ id: "", text: {} }),
  commitments: () => ({ organizationId: "", text: {} }),
  contributions: () => ({ organizationId: "", amount: "", currency: "MAD", nature: "cash", description: {} }),
  amendments: () => ({ signedOn: "", summary: {} }),
};

export function newAgreementForm(): AgreementFormState {
  return {
    reference: "",
    kind: "partnership",
    status: "draft",
    visibility: "internal",
    title: {},
    summary: {},
    themes: [],
    national: true,
    territoryCodes: [],
    signedOn: "",
    effectiveOn: "",
    expiresOn: "",
    durationMonths: "",
    renewal: "none",
    renewalNoticeDays: "",
    parentReference: "",
    parties: [emptyRow.parties()],
    objectives: [emptyRow.objectives()],
    commitments: [],
    contributions: [],
    amendments: [],
  };
}

export function agreementFormFrom(detail: AgreementDetail): AgreementFormState {
  return {
    version: String(detail.version),
    reference: detail.reference,
    kind: detail.kind,
    status: detail.status,
    visibility: detail.visibility,
    title: detail.title,
    summary: detail.summary,
    themes: detail.themes,
    national: detail.national,
    territoryCodes: detail.territories.map((territory) => territory.code),
    signedOn: detail.signedOn ?? "",
    effectiveOn: detail.effectiveOn ?? "",
    expiresOn: detail.expiresOn ?? "",
    durationMonths: detail.durationMonths?.toString() ?? "",
    renewal: detail.renewal,
    renewalNoticeDays: detail.renewalNoticeDays?.toString() ?? "",
    parentReference: detail.parent?.reference ?? "",
    parties: detail.parties.map((party) => ({ organizationId: party.organization.id, role: party.role })),
    objectives: detail.objectives.map((objective) => ({ id: objective.id, text: objective.text })),
    commitments: detail.commitments.map((item) => ({ organizationId: item.organizationId, text: item.text })),
    contributions: detail.contributions.map((item) => ({
      organizationId: item.organizationId,
      amount: item.amount,
      currency: item.currency,
      nature: item.nature,
      description: item.description,
    })),
    amendments: detail.amendments.map((item) => ({ signedOn: item.signedOn, summary: item.summary })),
  };
}

/** Applies a row button ("add:parties", "remove:objectives:2", "up:objectives:1"); false when the intent is a save. */
export function applyRowIntent(state: AgreementFormState, intent: string): boolean {
  const [action, list, indexText] = intent.split(":");
  if (!formLists.includes(list as FormList)) return false;
  const rows = state[list as FormList] as unknown[];
  const index = Number(indexText);
  if (action === "add") {
    if (rows.length < MAX_ROWS) rows.push(emptyRow[list as FormList]());
    return true;
  }
  if (!Number.isInteger(index) || index < 0 || index >= rows.length) return true;
  if (action === "remove") rows.splice(index, 1);
  const swapWith = action === "up" ? index - 1 : action === "down" ? index + 1 : -1;
  if (swapWith >= 0 && swapWith < rows.length) [rows[index], rows[swapWith]] = [rows[swapWith], rows[index]];
  return true;
}

const isBlankText = (value: LocalizedText) => !value.ar?.trim() && !value.fr?.trim() && !value.en?.trim();
const optional = (value: string) => (value.trim() === "" ? undefined : value.trim());
/** A number typed in a form; what is not one stays text so that validation names the field. */
const numberOrText = (value: string): number | string | undefined => {
  const trimmed = value.trim().replace(",", ".");
  if (trimmed === "") return undefined;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : trimmed;
};

/** Which rows the service is sent: rows left entirely blank are ignored. */
const kept: { [L in FormList]: (row: AgreementFormState[L][number]) => boolean } = {
  parties: (party) => Boolean(party.organizationId),
  objectives: (objective) => !isBlankText(objective.text),
  commitments: (item) => Boolean(item.organizationId) || !isBlankText(item.text),
  contributions: (item) => Boolean(item.organizationId) || Boolean(item.amount.trim()),
  amendments: (item) => Boolean(item.signedOn.trim()) || !isBlankText(item.summary),
};

/** The service input the form stands for; rows left entirely blank are ignored. */
export function agreementInputFrom(state: AgreementFormState, parentId: string | undefined): AgreementInput {
  return {
    reference: state.reference,
    kind: state.kind as AgreementInput["kind"],
    status: (optional(state.status) ?? "draft") as AgreementInput["status"],
    visibility: state.visibility as AgreementInput["visibility"],
    title: state.title,
    summary: state.summary,
    themes: state.themes as AgreementInput["themes"],
    national: state.national,
    territoryCodes: state.national ? [] : state.territoryCodes,
    signedOn: optional(state.signedOn),
    effectiveOn: optional(state.effectiveOn),
    expiresOn: optional(state.expiresOn),
    durationMonths: numberOrText(state.durationMonths) as number | undefined,
    renewal: state.renewal as AgreementInput["renewal"],
    renewalNoticeDays: numberOrText(state.renewalNoticeDays) as number | undefined,
    parentId,
    parties: state.parties
      .filter(kept.parties)
      .map((party) => ({ organizationId: party.organizationId, role: party.role as "signatory" })),
    objectives: state.objectives.filter(kept.objectives).map((objective) => objective.text),
    commitments: state.commitments
      .filter(kept.commitments)
      .map((item) => ({ organizationId: item.organizationId, text: item.text })),
    contributions: state.contributions.filter(kept.contributions).map((item) => ({
      organizationId: item.organizationId,
      amount: numberOrText(item.amount) as number,
      currency: optional(item.currency) ?? "MAD",
      nature: item.nature as "cash",
      description: item.description,
    })),
    amendments: state.amendments
      .filter(kept.amendments)
      .map((item) => ({ signedOn: item.signedOn, summary: item.summary })),
  };
}

/** The ids of the kept objectives, aligned with agreementInputFrom's objectives. */
export function objectiveIdsFrom(state: AgreementFormState): (string | null)[] {
  return state.objectives.filter(kept.objectives).map((objective) => objective.id || null);
}

/** The input a row's issue points at when the issue names the row itself ("parties.1": listed twice). */
const rowInput: Record<FormList, string> = {
  parties: "organizationId",
  objectives: "text",
  commitments: "organizationId",
  contributions: "organizationId",
  amendments: "signedOn",
};

/**
 * The posted input name a service issue is about. The service numbers a list's rows without the
 * blank ones the form left out ("objectives.1" may be the form's third row), names an objective's
 * text by the row ("objectives.1.fr") and a parent by its id; undefined when the form shows no
 * input for it (the status, once the agreement exists).
 */
export function agreementInputOf(
  state: AgreementFormState,
  mode: "new" | "edit",
): (issue: { field: string }) => string | undefined {
  return ({ field }) => {
    const [head = "", position, ...rest] = field.split(".");
    if (formLists.includes(head as FormList)) {
      const list = head as FormList;
      if (position === undefined || !/^\d+$/.test(position)) return list;
      const rows = state[list] as AgreementFormState[FormList][number][];
      const origins = rows.flatMap((row, index) =>
        (kept[list] as (r: typeof row) => boolean)(row) ? [index] : [],
      );
      const row = origins[Number(position)] ?? Number(position);
      if (list === "objectives") return ["objectives", row, "text", ...rest].join(".");
      return [list, row, ...(rest.length ? rest : [rowInput[list]])].join(".");
    }
    if (head === "territoryCodes") return "territoryCodes";
    if (head === "themes") return "themes";
    if (head === "parentId") return "parentReference";
    if (head === "status" && mode === "edit") return undefined;
    if (["version", "(form)", "(input)", "sourceKey", "actionPlans"].includes(head)) return undefined;
    return field;
  };
}
