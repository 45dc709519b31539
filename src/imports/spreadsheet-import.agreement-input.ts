/**
 * An agreement of the spreadsheet import as its services take it: the stored one as the input a
 * form would send, what is compared to tell a change, and a refusal of the input schema traced
 * back to its sheet and column.
 */
import type { AgreementInput, agreementInputSchema } from "../agreements/agreements.input.js";
import type { SheetKey } from "../spreadsheets/spreadsheet-layout.js";
import type { RegistryAgreement } from "./registry-json.input.js";
import { canonical } from "./spreadsheet-import.same.js";

export const camelToColumn: Record<string, string> = {
  reference: "reference",
  kind: "kind",
  title: "title_fr",
  summary: "summary_fr",
  status: "status",
  visibility: "visibility",
  themes: "themes",
  national: "national",
  territoryCodes: "national",
  signedOn: "signed_on",
  effectiveOn: "effective_on",
  expiresOn: "expires_on",
  durationMonths: "duration_months",
  renewal: "renewal",
  renewalNoticeDays: "renewal_notice_days",
  parentId: "parent_agreement",
  parties: "reference",
};
export const listSheets: Record<string, { sheet: SheetKey; columns: Record<string, string> }> = {
  parties: { sheet: "parties", columns: { organizationId: "organization", role: "role" } },
  territoryCodes: { sheet: "agreement_territories", columns: {} },
  objectives: { sheet: "objectives", columns: {} },
  commitments: { sheet: "commitments", columns: { organizationId: "organization", text: "text_fr" } },
  contributions: {
    sheet: "contributions",
    columns: { organizationId: "organization", amount: "amount", currency: "currency", nature: "nature" },
  },
  amendments: { sheet: "amendments", columns: { signedOn: "signed_on", summary: "summary_fr" } },
};

/** An agreement's content as compared: the parsed input without what the file never says. */
export function comparable(data: ReturnType<typeof agreementInputSchema.parse>) {
  // The status is compared apart: it changes through a transition, not an edit.
  const { sourceKey: _s, actionPlans: _p, status: _status, ...rest } = data;
  return {
    ...rest,
    national: rest.national ?? rest.territoryCodes.length === 0,
    territoryCodes: [...new Set(rest.territoryCodes)].sort(),
    contributions: [...rest.contributions].map((c) => JSON.stringify(canonical(c))).sort(),
    amendments: [...rest.amendments].map((a) => JSON.stringify(canonical(a))).sort(),
  };
}

/** The stored agreement as the input a form would send, for comparison and for the lists a file leaves out. */
export function storedInput(stored: RegistryAgreement): AgreementInput {
  return {
    reference: stored.reference,
    kind: stored.kind,
    title: stored.title,
    summary: stored.summary,
    status: stored.status,
    visibility: stored.visibility,
    themes: stored.themes as AgreementInput["themes"],
    national: stored.national,
    territoryCodes: stored.territoryCodes,
    signedOn: stored.signedOn ?? undefined,
    effectiveOn: stored.effectiveOn ?? undefined,
    expiresOn: stored.expiresOn ?? undefined,
    durationMonths: stored.durationMonths ?? undefined,
    renewal: stored.renewal,
    renewalNoticeDays: stored.renewalNoticeDays ?? undefined,
    parentId: stored.parentId ?? undefined,
    parties: stored.parties.map(({ organizationId, role }) => ({ organizationId, role })),
    objectives: stored.objectives.map((o) => o.text),
    commitments: stored.commitments.map(({ organizationId, text: t }) => ({ organizationId, text: t })),
    contributions: stored.contributions.map((c) => ({
      organizationId: c.organizationId,
      amount: Number(c.amount),
      currency: c.currency,
      nature: c.nature,
      description: c.description,
    })),
    amendments: stored.amendments.map(({ signedOn, summary }) => ({ signedOn, summary })),
  };
}

export function reasonOf(issue: {
  code: string;
  message: string;
  params?: unknown;
  origin?: unknown;
  maximum?: unknown;
}): {
  reason: string;
  values?: Record<string, string | number>;
} {
  const params = issue.params as { reason?: string } | undefined;
  if (params?.reason) return { reason: params.reason };
  if (issue.code === "too_big" && issue.origin === "string")
    return { reason: "tooLongMax", values: { max: Number(issue.maximum) } };
  if (issue.code === "too_small") return { reason: "atLeastOneParty" };
  return { reason: "invalidValue", values: { detail: issue.message } };
}
