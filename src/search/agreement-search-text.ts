import { eq, inArray } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { agreementParties, agreements, objectives, organizations } from "../db/schema/index.js";
import { flattenText, type LocalizedText } from "../shared/localized.js";

/** What of an agreement is searched: its reference and texts, and its parties' names and acronyms. */
export interface AgreementSearchFields {
  reference: string;
  title: LocalizedText;
  summary: LocalizedText;
  objectives: LocalizedText[];
  parties: { organizationId: string }[];
}

/** Every language's texts and the parties' names, in the parties' order, for full-text search. */
export async function buildAgreementSearchText({
  db,
  agreement: data,
}: {
  db: Executor;
  agreement: AgreementSearchFields;
}): Promise<string> {
  const rows = await db
    .select({ id: organizations.id, name: organizations.name, acronym: organizations.acronym })
    .from(organizations)
    .where(
      inArray(
        organizations.id,
        data.parties.map((party) => party.organizationId),
      ),
    );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const partyNames = [...new Set(data.parties.map((party) => party.organizationId))].flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
  return [
    data.reference.toLowerCase(),
    flattenText(data.title, data.summary, ...data.objectives),
    flattenText(...partyNames.map((party) => party.name)),
    partyNames
      .map((party) => party.acronym ?? "")
      .join(" ")
      .toLowerCase(),
  ].join(" \n ");
}

/**
 * Rebuilds the search text of every agreement an organisation is party to: its names are
 * searched with the agreement's, so renaming it must not leave the old name findable.
 */
export async function refreshSearchTextForOrganization({
  db,
  organizationId,
}: {
  db: Executor;
  organizationId: string;
}): Promise<void> {
  const linked = await db
    .selectDistinct({ id: agreementParties.agreementId })
    .from(agreementParties)
    .where(eq(agreementParties.organizationId, organizationId));
  for (const { id } of linked) {
    const [row] = await db
      .select({ reference: agreements.reference, title: agreements.title, summary: agreements.summary })
      .from(agreements)
      .where(eq(agreements.id, id));
    if (!row) continue;
    const objectiveRows = await db
      .select({ text: objectives.text })
      .from(objectives)
      .where(eq(objectives.agreementId, id))
      .orderBy(objectives.position);
    const parties = await db
      .select({ organizationId: agreementParties.organizationId, role: agreementParties.role })
      .from(agreementParties)
      .where(eq(agreementParties.agreementId, id))
      .orderBy(agreementParties.position);
    const searchText = await buildAgreementSearchText({
      db,
      agreement: { ...row, objectives: objectiveRows.map((objective) => objective.text), parties },
    });
    await db.update(agreements).set({ searchText }).where(eq(agreements.id, id));
  }
}
