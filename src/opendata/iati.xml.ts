import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces.js";
import { type LocalizedText, languages } from "../shared/localized.js";
import {
  activityStatus,
  dacSector,
  documentCategory,
  organisationType,
  participatingRole,
} from "./iati.codes.js";
import type { IatiAgreement } from "./iati.queries.js";

/** Who publishes the file: the association, by its IATI organisation identifier. */
export interface IatiPublisher {
  ref: string;
  name: LocalizedText;
  /** the association's kind as an OrganisationType code */
  type: string;
  /** the site's public address: documents' links start with it */
  publicUrl: string;
}

const CURRENCY = "MAD";
const RECORDED_ON: LocalizedText = {
  ar: "تاريخ تسجيل الاتفاقية في السجل: تاريخ بدايتها غير مسجل",
  fr: "Date d’enregistrement de la convention au registre : sa date de début n’est pas enregistrée",
  en: "Date the agreement was recorded in the registry: its start date is not recorded",
};
/** IATI amounts: a decimal with a dot, no grouping. */
const amount = (value: string | number) => Number(value).toFixed(2);
const decimal = (value: string | number) => String(Number(value));

/** One `narrative` per language the text is written in, each with its xml:lang. */
function narratives(parent: XMLBuilder, text: LocalizedText): XMLBuilder {
  for (const lang of languages) {
    const value = text[lang]?.trim();
    if (value) parent.ele("narrative", { "xml:lang": lang }).txt(value);
  }
  return parent;
}
const hasText = (text: LocalizedText) => languages.some((lang) => Boolean(text[lang]?.trim()));

function activity(root: XMLBuilder, publisher: IatiPublisher, entry: IatiAgreement): void {
  const { agreement } = entry;
  const node = root.ele("iati-activity", {
    "last-updated-datetime": agreement.updatedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    "default-currency": CURRENCY,
    "xml:lang": "fr",
  });
  node.ele("iati-identifier").txt(`${publisher.ref}-${agreement.reference}`);
  narratives(node.ele("reporting-org", { ref: publisher.ref, type: publisher.type }), publisher.name);
  narratives(node.ele("title"), hasText(agreement.title) ? agreement.title : { fr: agreement.reference });
  // A description is required: the summary, else the title.
  const description = [agreement.summary, agreement.title].find(hasText) ?? { fr: agreement.reference };
  narratives(node.ele("description", { type: "1" }), description);
  for (const objective of entry.objectives)
    if (hasText(objective.text)) narratives(node.ele("description", { type: "2" }), objective.text);

  let participants = 0;
  for (const party of entry.parties) {
    const role = participatingRole[party.role];
    if (!role) continue;
    narratives(node.ele("participating-org", { role, type: organisationType[party.kind] }), party.name);
    participants += 1;
  }
  // The association is accountable for what it publishes, whether or not it signed as a party.
  if (!participants)
    narratives(
      node.ele("participating-org", { ref: publisher.ref, role: "2", type: publisher.type }),
      publisher.name,
    );

  node.ele("activity-status", { code: activityStatus[agreement.status] });
  const started = agreement.status !== "signed";
  const start = agreement.effectiveOn ?? agreement.signedOn;
  if (start) node.ele("activity-date", { type: started ? "2" : "1", "iso-date": start });
  if (agreement.expiresOn) node.ele("activity-date", { type: "3", "iso-date": agreement.expiresOn });
  // IATI needs a date; an agreement recorded without any (as the association's page lists
  // them) gets the day it entered the registry, saying so.
  if (!start && !agreement.expiresOn)
    narratives(
      node.ele("activity-date", {
        type: started ? "2" : "1",
        "iso-date": agreement.createdAt.toISOString().slice(0, 10),
      }),
      RECORDED_ON,
    );
  node.ele("recipient-country", { code: "MA", percentage: "100" });
  for (const place of entry.territories) {
    const location = node.ele("location", { ref: `MA-HCP-${place.code}` });
    location.ele("location-reach", { code: "1" });
    narratives(location.ele("name"), place.name);
  }
  const sectors = agreement.themes.map((theme) => dacSector[theme as keyof typeof dacSector]).filter(Boolean);
  const distinct = [...new Set(sectors)];
  distinct.forEach((code, index) => {
    // Percentages of one vocabulary add up to 100: the remainder goes to the first.
    const share = Math.floor(100 / distinct.length);
    const percentage = index === 0 ? 100 - share * (distinct.length - 1) : share;
    node.ele("sector", { vocabulary: "1", code, percentage: String(percentage) });
  });

  for (const budget of entry.planned.sort((a, b) => a.year - b.year)) {
    const node$ = node.ele("budget", { type: "1", status: "1" });
    node$.ele("period-start", { "iso-date": `${budget.year}-01-01` });
    node$.ele("period-end", { "iso-date": `${budget.year}-12-31` });
    node$
      .ele("value", { currency: CURRENCY, "value-date": `${budget.year}-01-01` })
      .txt(amount(budget.planned));
  }

  const names = new Map(entry.parties.map((party) => [party.organizationId, party.name]));
  const committedOn = agreement.signedOn ?? start;
  if (committedOn)
    for (const contribution of entry.contributions) {
      if (contribution.nature !== "cash") continue;
      const transaction = node.ele("transaction");
      transaction.ele("transaction-type", { code: "11" }); // Incoming Commitment
      transaction.ele("transaction-date", { "iso-date": committedOn });
      transaction
        .ele("value", { currency: contribution.currency, "value-date": committedOn })
        .txt(amount(contribution.amount));
      narratives(transaction.ele("provider-org"), names.get(contribution.organizationId) ?? {});
    }
  for (const spent of entry.spending.sort((a, b) => a.year - b.year)) {
    const transaction = node.ele("transaction");
    transaction.ele("transaction-type", { code: "4" }); // Expenditure
    transaction.ele("transaction-date", { "iso-date": `${spent.year}-12-31` });
    transaction
      .ele("value", { currency: CURRENCY, "value-date": `${spent.year}-12-31` })
      .txt(amount(spent.spent));
  }

  for (const file of entry.documents) {
    const link = node.ele("document-link", {
      url: `${publisher.publicUrl}/documents/${file.id}`,
      format: file.mediaType,
    });
    narratives(link.ele("title"), hasText(file.title) ? file.title : { fr: file.kind });
    link.ele("category", { code: documentCategory[file.kind] });
    link.ele("document-date", { "iso-date": file.createdAt.toISOString().slice(0, 10) });
  }

  for (const indicator of entry.indicators) {
    // On an objective: an outcome (2); on an activity: an output (1).
    const result = node.ele("result", { type: indicator.objectiveId ? "2" : "1", "aggregation-status": "0" });
    narratives(result.ele("title"), hasText(indicator.name) ? indicator.name : { fr: "—" });
    const measure = result.ele("indicator", {
      measure: "1",
      ascending: indicator.direction === "decrease" ? "0" : "1",
    });
    narratives(measure.ele("title"), hasText(indicator.name) ? indicator.name : { fr: "—" });
    if (indicator.baselineOn)
      measure.ele("baseline", {
        year: indicator.baselineOn.slice(0, 4),
        "iso-date": indicator.baselineOn,
        value: decimal(indicator.baselineValue),
      });
    for (const value of indicator.values) {
      const period = measure.ele("period");
      period.ele("period-start", { "iso-date": value.periodStart });
      period.ele("period-end", { "iso-date": value.periodEnd });
      period.ele("actual", { value: decimal(value.value) });
    }
    if (indicator.baselineOn && indicator.targetOn && indicator.targetOn >= indicator.baselineOn) {
      const period = measure.ele("period");
      period.ele("period-start", { "iso-date": indicator.baselineOn });
      period.ele("period-end", { "iso-date": indicator.targetOn });
      period.ele("target", { value: decimal(indicator.targetValue) });
    }
  }
}

/**
 * The public agreements as IATI 2.03 activities, one `iati-activity` each (an empty
 * `iati-activities` is not valid: with none, the caller answers "not found").
 */
export function iatiActivitiesXml({
  publisher,
  entries,
  generatedAt,
}: {
  publisher: IatiPublisher;
  entries: IatiAgreement[];
  generatedAt: Date;
}): string {
  const root = create({ version: "1.0", encoding: "UTF-8", invalidCharReplacement: "" }).ele(
    "iati-activities",
    {
      version: "2.03",
      "generated-datetime": generatedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    },
  );
  for (const entry of entries) activity(root, publisher, entry);
  return root.end({ prettyPrint: true });
}
