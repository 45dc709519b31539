import type { z } from "@hono/zod-openapi";
import { presentOrganizationRef } from "../partners/organizations.presenter.js";
import type { agreementDetailOut, agreementSummaryOut } from "./agreements.api-schemas.js";
import type { AgreementDetail, AgreementListItem } from "./agreements.queries.js";

export function presentAgreementSummary(row: AgreementListItem): z.infer<typeof agreementSummaryOut> {
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    title: row.title,
    status: row.status,
    visibility: row.visibility,
    themes: row.themes as z.infer<typeof agreementSummaryOut>["themes"],
    national: row.national,
    signedOn: row.signedOn,
    effectiveOn: row.effectiveOn,
    expiresOn: row.expiresOn,
    parties: row.parties.map((party) => ({
      organization: presentOrganizationRef(party.organization),
      role: party.role,
    })),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentAgreementDetail(row: AgreementDetail): z.infer<typeof agreementDetailOut> {
  const related = (entry: { id: string; reference: string; title: AgreementDetail["title"] }) => ({
    id: entry.id,
    reference: entry.reference,
    title: entry.title,
  });
  return {
    ...presentAgreementSummary(row),
    summary: row.summary,
    durationMonths: row.durationMonths,
    renewal: row.renewal,
    renewalNoticeDays: row.renewalNoticeDays,
    territories: row.territories.map((territory) => ({
      code: territory.code,
      kind: territory.kind,
      name: territory.name,
    })),
    objectives: row.objectives.map((objective) => ({
      id: objective.id,
      position: objective.position,
      text: objective.text,
    })),
    commitments: row.commitments.map((item) => ({
      id: item.id,
      organizationId: item.organizationId,
      text: item.text,
    })),
    contributions: row.contributions.map((item) => ({
      id: item.id,
      organizationId: item.organizationId,
      amount: item.amount,
      currency: item.currency,
      nature: item.nature,
      description: item.description,
    })),
    amendments: row.amendments.map((item) => ({
      id: item.id,
      signedOn: item.signedOn,
      summary: item.summary,
    })),
    actionPlans: row.actionPlans.map((plan) => ({
      id: plan.id,
      title: plan.title,
      periodStart: plan.periodStart,
      periodEnd: plan.periodEnd,
    })),
    parent: row.parent ? related(row.parent) : null,
    children: row.children.map(related),
  };
}
