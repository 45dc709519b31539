import type { Database } from "../src/db/client.js";
import { documents, documentTextParts, documentTexts } from "../src/db/schema/index.js";
import { documentSearchText } from "../src/search/record-search-text.js";
import { indexWords } from "../src/search/words.js";
import { insertRows, type TableLoad } from "./bulk.js";
import type { Random, Registry } from "./generate.js";

/** The word the document-search targets look for: in the text of about 1% of documents only. */
export const RARE_DOCUMENT_WORD = "piezometrie";

const sentences = [
  "Le comité de pilotage a examiné l'avancement des activités prévues par la convention.",
  "Les formations destinées aux élus des conseils provinciaux se sont tenues comme prévu.",
  "Le budget engagé reste inférieur aux prévisions du plan d'action annuel.",
  "تم عرض حصيلة الأنشطة المنجزة في إطار اتفاقية الشراكة على أعضاء اللجنة.",
  "La convention prévoit un rapport annuel transmis à chacun des partenaires.",
  "Les indicateurs de suivi montrent une progression régulière dans les provinces concernées.",
  "Annual progress report on the partnership's capacity building programme.",
  "أوصت اللجنة بتعزيز التنسيق بين المجالس الإقليمية والشركاء.",
  "L'étude de terrain a couvert les communes rurales de la région.",
  "Des ateliers de concertation ont réuni les services déconcentrés et la société civile.",
];
const titles = [
  ["Rapport annuel", "التقرير السنوي"],
  ["Procès-verbal du comité", "محضر اللجنة"],
  ["Annexe technique", "الملحق التقني"],
  ["Convention signée", "الاتفاقية الموقعة"],
] as const;
const kinds = ["report", "minutes", "annex", "signed_agreement"] as const;

/**
 * Documents with their text as upload would have read it (no file is stored: search reads the
 * text, never the bytes): a PDF of two to four pages per document, on agreements spread over the
 * registry, a third of them public.
 */
export function generateDocuments(random: Random, registry: Registry, count: number) {
  const rows: (typeof documents.$inferInsert)[] = [];
  const texts: (typeof documentTexts.$inferInsert)[] = [];
  const parts: (typeof documentTextParts.$inferInsert)[] = [];
  let rare = 0;
  for (let n = 0; n < count; n++) {
    const agreement = random.pick(registry.agreements);
    const which = random.int(0, titles.length - 1);
    const [fr, ar] = titles[which] as (typeof titles)[number];
    const title = { fr: `${fr} ${n + 1}`, ar: `${ar} ${n + 1}` };
    const fileName = `document-${n + 1}.pdf`;
    const sha256 = n.toString(16).padStart(64, "0");
    rows.push({
      id: random.uuid(),
      ownerType: "agreement",
      ownerId: agreement.id as string,
      kind: kinds[which] as (typeof kinds)[number],
      title,
      fileName,
      mediaType: "application/pdf",
      sizeBytes: random.int(50_000, 2_000_000),
      sha256,
      visibility: random.chance(1 / 3) ? "public" : "internal",
      uploadedBy: "bench",
      searchText: documentSearchText({ title, fileName }),
    });
    const pages = random.int(2, 4);
    texts.push({ sha256, status: "extracted", pageCount: pages });
    const hasRare = random.chance(0.01);
    if (hasRare) rare++;
    for (let page = 1; page <= pages; page++) {
      const words = Array.from({ length: random.int(12, 20) }, () => random.pick(sentences));
      if (hasRare && page === pages) words.push(`Relevés de ${RARE_DOCUMENT_WORD} des nappes.`);
      const text = words.join(" ");
      parts.push({ sha256, part: page, page, text, searchText: indexWords(text).join(" ") });
    }
  }
  return { rows, texts, parts, rare };
}

export async function loadDocuments(
  db: Database,
  generated: ReturnType<typeof generateDocuments>,
): Promise<TableLoad[]> {
  const loads: TableLoad[] = [];
  for (const [table, name, rows] of [
    [documents, "documents", generated.rows],
    [documentTexts, "document_texts", generated.texts],
    [documentTextParts, "document_text_parts", generated.parts],
  ] as const) {
    const started = performance.now();
    await insertRows(db, table, rows as never[]);
    loads.push({ table: name, rows: rows.length, ms: performance.now() - started });
  }
  return loads;
}
