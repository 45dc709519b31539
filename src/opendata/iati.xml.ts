import { type LocalizedText, languages } from "../shared/localized.js";
import {
  activityStatus,
  dacSector,
  documentCategory,
  organisationType,
  participatingRole,
} from "./iati.codes.js";
import type { IatiAgreement } from "./iati.queries.js";
import { type XmlAttributes, XmlWriter, xmlCharactersOnly } from "./xml-writer.js";

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
function narratives(xml: XmlWriter, name: string, attributes: XmlAttributes, text: LocalizedText): void {
  xml.element(name, attributes, () => {
    for (const lang of languages) {
      const value = textIn(text, lang);
      if (value) xml.text("narrative", { "xml:lang": lang }, value);
    }
  });
}
// What XML cannot carry is dropped before trimming, so that a text of nothing else is no text.
const textIn = (text: LocalizedText, lang: (typeof languages)[number]) =>
  xmlCharactersOnly(text[lang] ?? "").trim();
const hasText = (text: LocalizedText) => languages.some((lang) => Boolean(textIn(text, lang)));
const isoSeconds = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, "Z");

function activity(xml: XmlWriter, publisher: IatiPublisher, entry: IatiAgreement): void {
  const { agreement } = entry;
  const attributes = {
    "last-updated-datetime": isoSeconds(agreement.updatedAt),
    "default-currency": CURRENCY,
    "xml:lang": "fr",
  };
  xml.element("iati-activity", attributes, () => {
    xml.text("iati-identifier", {}, `${publisher.ref}-${agreement.reference}`);
    narratives(xml, "reporting-org", { ref: publisher.ref, type: publisher.type }, publisher.name);
    narratives(xml, "title", {}, hasText(agreement.title) ? agreement.title : { fr: agreement.reference });
    // A description is required: the summary, else the title.
    const description = [agreement.summary, agreement.title].find(hasText) ?? { fr: agreement.reference };
    narratives(xml, "description", { type: "1" }, description);
    for (const objective of entry.objectives)
      if (hasText(objective.text)) narratives(xml, "description", { type: "2" }, objective.text);
    participants(xml, publisher, entry);
    dates(xml, entry);
    xml.empty("recipient-country", { code: "MA", percentage: "100" });
    for (const place of entry.territories)
      xml.element("location", { ref: `MA-HCP-${place.code}` }, () => {
        xml.empty("location-reach", { code: "1" });
        narratives(xml, "name", {}, place.name);
      });
    sectors(xml, entry);
    money(xml, entry);
    documentLinks(xml, publisher, entry);
    results(xml, entry);
  });
}

function participants(xml: XmlWriter, publisher: IatiPublisher, entry: IatiAgreement): void {
  let participants = 0;
  for (const party of entry.parties) {
    const role = participatingRole[party.role];
    if (!role) continue;
    narratives(xml, "participating-org", { role, type: organisationType[party.kind] }, party.name);
    participants += 1;
  }
  // The association is accountable for what it publishes, whether or not it signed as a party.
  if (!participants)
    narratives(
      xml,
      "participating-org",
      { ref: publisher.ref, role: "2", type: publisher.type },
      publisher.name,
    );
}

function dates(xml: XmlWriter, { agreement }: IatiAgreement): void {
  xml.empty("activity-status", { code: activityStatus[agreement.status] });
  const started = agreement.status !== "signed";
  const start = agreement.effectiveOn ?? agreement.signedOn;
  if (start) xml.empty("activity-date", { type: started ? "2" : "1", "iso-date": start });
  if (agreement.expiresOn) xml.empty("activity-date", { type: "3", "iso-date": agreement.expiresOn });
  // IATI needs a date; an agreement recorded without any (as the association's page lists
  // them) gets the day it entered the registry, saying so.
  if (!start && !agreement.expiresOn)
    narratives(
      xml,
      "activity-date",
      { type: started ? "2" : "1", "iso-date": agreement.createdAt.toISOString().slice(0, 10) },
      RECORDED_ON,
    );
}

function sectors(xml: XmlWriter, { agreement }: IatiAgreement): void {
  const sectors = agreement.themes.map((theme) => dacSector[theme as keyof typeof dacSector]).filter(Boolean);
  const distinct = [...new Set(sectors)];
  distinct.forEach((code, index) => {
    // Percentages of one vocabulary add up to 100: the remainder goes to the first.
    const share = Math.floor(100 / distinct.length);
    const percentage = index === 0 ? 100 - share * (distinct.length - 1) : share;
    xml.empty("sector", { vocabulary: "1", code, percentage: String(percentage) });
  });
}

function money(xml: XmlWriter, entry: IatiAgreement): void {
  const { agreement } = entry;
  for (const budget of entry.planned.sort((a, b) => a.year - b.year))
    xml.element("budget", { type: "1", status: "1" }, () => {
      xml.empty("period-start", { "iso-date": `${budget.year}-01-01` });
      xml.empty("period-end", { "iso-date": `${budget.year}-12-31` });
      xml.text("value", { currency: CURRENCY, "value-date": `${budget.year}-01-01` }, amount(budget.planned));
    });

  const names = new Map(entry.parties.map((party) => [party.organizationId, party.name]));
  const committedOn = agreement.signedOn ?? agreement.effectiveOn;
  if (committedOn)
    for (const contribution of entry.contributions) {
      if (contribution.nature !== "cash") continue;
      xml.element("transaction", {}, () => {
        xml.empty("transaction-type", { code: "11" }); // Incoming Commitment
        xml.empty("transaction-date", { "iso-date": committedOn });
        xml.text(
          "value",
          { currency: contribution.currency, "value-date": committedOn },
          amount(contribution.amount),
        );
        narratives(xml, "provider-org", {}, names.get(contribution.organizationId) ?? {});
      });
    }
  for (const spent of entry.spending.sort((a, b) => a.year - b.year))
    xml.element("transaction", {}, () => {
      xml.empty("transaction-type", { code: "4" }); // Expenditure
      xml.empty("transaction-date", { "iso-date": `${spent.year}-12-31` });
      xml.text("value", { currency: CURRENCY, "value-date": `${spent.year}-12-31` }, amount(spent.spent));
    });
}

function documentLinks(xml: XmlWriter, publisher: IatiPublisher, entry: IatiAgreement): void {
  for (const file of entry.documents)
    xml.element(
      "document-link",
      { url: `${publisher.publicUrl}/documents/${file.id}`, format: file.mediaType },
      () => {
        narratives(xml, "title", {}, hasText(file.title) ? file.title : { fr: file.kind });
        xml.empty("category", { code: documentCategory[file.kind] });
        xml.empty("document-date", { "iso-date": file.createdAt.toISOString().slice(0, 10) });
      },
    );
}

function results(xml: XmlWriter, entry: IatiAgreement): void {
  for (const indicator of entry.indicators) {
    const title = hasText(indicator.name) ? indicator.name : { fr: "—" };
    // On an objective: an outcome (2); on an activity: an output (1).
    const type = indicator.objectiveId ? "2" : "1";
    xml.element("result", { type, "aggregation-status": "0" }, () => {
      narratives(xml, "title", {}, title);
      const ascending = indicator.direction === "decrease" ? "0" : "1";
      xml.element("indicator", { measure: "1", ascending }, () => {
        narratives(xml, "title", {}, title);
        if (indicator.baselineOn)
          xml.empty("baseline", {
            year: indicator.baselineOn.slice(0, 4),
            "iso-date": indicator.baselineOn,
            value: decimal(indicator.baselineValue),
          });
        for (const value of indicator.values)
          xml.element("period", {}, () => {
            xml.empty("period-start", { "iso-date": value.periodStart });
            xml.empty("period-end", { "iso-date": value.periodEnd });
            xml.empty("actual", { value: decimal(value.value) });
          });
        if (indicator.baselineOn && indicator.targetOn && indicator.targetOn >= indicator.baselineOn)
          xml.element("period", {}, () => {
            xml.empty("period-start", { "iso-date": indicator.baselineOn ?? "" });
            xml.empty("period-end", { "iso-date": indicator.targetOn ?? "" });
            xml.empty("target", { value: decimal(indicator.targetValue) });
          });
      });
    });
  }
}

/**
 * The public agreements as IATI 2.03 activities, one `iati-activity` each, as pieces of UTF-8: the
 * declaration and the root's start, then each batch's activities, then the root's end. Each batch
 * is written in one go; between batches the caller's loading gives the event loop back. The
 * caller checks there is at least one agreement (an empty `iati-activities` is not valid).
 */
export async function* iatiActivitiesXml({
  publisher,
  batches,
  generatedAt,
}: {
  publisher: IatiPublisher;
  batches: AsyncIterable<IatiAgreement[]>;
  generatedAt: Date;
}): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  const root = { version: "2.03", "generated-datetime": isoSeconds(generatedAt) };
  yield new XmlWriter()
    .raw('<?xml version="1.0" encoding="UTF-8"?>\n')
    .startTag("iati-activities", root)
    .take();
  const xml = new XmlWriter(1);
  for await (const entries of batches) {
    for (const entry of entries) activity(xml, publisher, entry);
    yield xml.take();
  }
  yield xml.raw("</iati-activities>").take();
}
