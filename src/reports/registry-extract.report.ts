import type { AgreementListItem } from "../agreements/agreements.queries.js";
import { listAgreements } from "../agreements/agreements.queries.js";
import { agreementFigures } from "../domain/figures.js";
import { getOrganization } from "../partners/organizations.service.js";
import { currentCoverage } from "../portal/coverage.queries.js";
import { coverageAreas } from "../portal/coverage.views.js";
import { loadAgreementFacts } from "../progress/progress.queries.js";
import { textOf } from "../shared/localized.js";
import { territoryMap } from "../territories/territories.map.js";
import { getTerritory, listTerritories } from "../territories/territories.service.js";
import type { ReportBlock, ReportDocument, Text } from "./report.document.js";
import {
  count,
  dateOrDash,
  localized,
  type ReportRequest,
  reportDocument,
  section,
  share,
} from "./report-kit.js";

/** A partner's or a territory's report lists at most this many agreements (the newest first). */
export const LISTED_AGREEMENTS = 300;

/**
 * The agreements of a report, one row each: reference, title, status, signature, and how far its
 * activities and budget have gone (the same in the portal and the workspace: activities only).
 */
async function agreementTable(
  request: ReportRequest,
  page: { items: AgreementListItem[]; total: number },
  extra?: { label: string; cell: (item: AgreementListItem) => Text },
): Promise<ReportBlock[]> {
  const { db, lang, t, today } = request;
  if (!page.items.length) return [{ kind: "paragraph", text: t("reports.noAgreements") }];
  const facts = await loadAgreementFacts({
    db,
    agreementIds: page.items.map((item) => item.id),
    publicView: true,
  });
  const rows = page.items.map((item): Text[] => {
    const loaded = facts.get(item.id);
    const activities = loaded ? agreementFigures(loaded, today).activities : undefined;
    return [
      item.reference,
      localized(item.title, lang),
      ...(extra ? [extra.cell(item)] : []),
      t(`status.${item.status}`),
      dateOrDash(lang, item.signedOn),
      share(lang, activities?.completion ?? null),
      share(lang, activities?.budgetExecution ?? null),
    ];
  });
  return [
    {
      kind: "table",
      columns: [
        { label: t("agreement.reference") },
        { label: t("reports.agreement") },
        ...(extra ? [{ label: extra.label }] : []),
        { label: t("agreement.status") },
        { label: t("agreement.signedOn") },
        { label: t("progress.figures.completion"), numeric: true },
        { label: t("progress.figures.budget"), numeric: true },
      ],
      rows,
    },
    ...(page.total > page.items.length
      ? [
          {
            kind: "paragraph" as const,
            text: t("reports.moreAgreements", { count: page.total - page.items.length }),
          },
        ]
      : []),
  ];
}

/** The agreements' count by status, as facts. */
function statusFacts(request: ReportRequest, items: AgreementListItem[], total: number): ReportBlock {
  const { lang, t } = request;
  const byStatus = new Map<string, number>();
  for (const item of items) byStatus.set(item.status, (byStatus.get(item.status) ?? 0) + 1);
  return {
    kind: "facts",
    rows: [
      { label: t("reports.agreementsTotal"), value: count(lang, total) },
      ...(total === items.length
        ? [...byStatus].map(([status, n]) => ({ label: t(`status.${status}`), value: count(lang, n) }))
        : []),
    ],
  };
}

/** Every agreement the reader may read with one organisation, and where each stands. */
export async function partnerReport(request: ReportRequest, organizationId: string): Promise<ReportDocument> {
  const { db, actor, lang, t } = request;
  const organization = await getOrganization({ db, actor, id: organizationId });
  const page = await listAgreements({
    db,
    actor,
    filter: { partner: organization.id },
    limit: LISTED_AGREEMENTS,
  });
  const role = (item: AgreementListItem): Text => {
    const party = item.parties.find((entry) => entry.organization.id === organization.id);
    return party ? t(`role.${party.role}`) : "—";
  };
  return reportDocument(request, {
    title: t("reports.partnerTitle", { name: textOf(organization.name, lang) }),
    subtitle: [t(`orgKind.${organization.kind}`), organization.acronym].filter(Boolean).join(" · "),
    blocks: [
      statusFacts(request, page.items, page.total),
      ...section(
        t("reports.agreements"),
        await agreementTable(request, page, { label: t("agreement.role"), cell: role }),
      ),
    ],
  });
}

/** What reaches one prefecture or province (or region): its agreements, national ones apart. */
export async function territoryReport(request: ReportRequest, code: string): Promise<ReportDocument> {
  const { db, actor, lang, t } = request;
  const territory = await getTerritory({ db, code });
  const [region, provinces, specific, national, coverage] = await Promise.all([
    territory.regionCode ? getTerritory({ db, code: territory.regionCode }) : Promise.resolve(undefined),
    territory.kind === "region" ? listTerritories({ db, regionCode: territory.code }) : Promise.resolve([]),
    listAgreements({
      db,
      actor,
      filter: { territory: territory.code, national: false },
      limit: LISTED_AGREEMENTS,
    }),
    listAgreements({ db, actor, filter: { national: true }, limit: 1 }),
    currentCoverage({ db }),
  ]);
  const highlight = new Set(
    territory.kind === "region" ? provinces.map((province) => province.code) : [territory.code],
  );
  const reached = coverage.territories.filter((row) => highlight.has(row.code));
  const population = territory.population2024 ?? reached.reduce((sum, row) => sum + (row.population ?? 0), 0);
  const map = territoryMap({
    areas: coverageAreas({ lang, t, coverage, measure: "agreements", highlight }),
    label: t("coverage.map.agreements"),
    print: true,
  });
  return reportDocument(request, {
    title: t("reports.territoryTitle", { name: textOf(territory.name, lang, territory.code) }),
    subtitle: [t(`territoryKind.${territory.kind}`), territory.code, region ? textOf(region.name, lang) : ""]
      .filter(Boolean)
      .join(" · "),
    blocks: [
      {
        kind: "facts",
        rows: [
          ...(population ? [{ label: t("reports.population"), value: count(lang, population) }] : []),
          { label: t("reports.specificAgreements"), value: count(lang, specific.total) },
          { label: t("reports.nationalAgreements"), value: count(lang, national.total) },
          ...(reached.length === 1 && reached[0]
            ? [{ label: t("reports.activitiesHere"), value: count(lang, reached[0].activities) }]
            : []),
        ],
      },
      {
        kind: "figure",
        width: "half",
        svg: map,
        alt: t("coverage.map.agreements"),
        caption: `${t("coverage.map.agreements")} — ${t("coverage.mapCredit")}`,
      },
      ...section(t("reports.specificAgreements"), await agreementTable(request, specific)),
    ],
  });
}
