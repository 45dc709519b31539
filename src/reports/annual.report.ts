import { sql } from "drizzle-orm";
import { readableAgreementsCondition } from "../access/agreement-access.js";
import { listAgreements, listSignatureYears } from "../agreements/agreements.queries.js";
import type { Executor } from "../db/client.js";
import { agreements } from "../db/schema/index.js";
import { currentCoverage } from "../portal/coverage.queries.js";
import { coverageAreas } from "../portal/coverage.views.js";
import { renderBarChart } from "../portal/figures.chart.js";
import { publicFigures } from "../portal/figures.queries.js";
import { figuresSummary } from "../portal/figures.views.js";
import type { Actor } from "../shared/actor.js";
import { notFound } from "../shared/errors.js";
import { countedPhrase } from "../shared/i18n.js";
import { textOf } from "../shared/localized.js";
import { territoryMap } from "../territories/territories.map.js";
import { LISTED_AGREEMENTS } from "./registry-extract.report.js";
import type { ReportBlock, ReportDocument } from "./report.document.js";
import { count, localized, money, type ReportRequest, reportDocument, section, share } from "./report-kit.js";

/**
 * The years an annual report exists for: from the first signature the reader may see to this
 * year. Any other year is "not found", as an unknown page is.
 */
export async function assertReportYear({
  db,
  actor,
  year,
  today,
}: {
  db: Executor;
  actor: Actor;
  year: number;
  today: string;
}): Promise<void> {
  const years = await listSignatureYears({ db, actor });
  const first = years.at(-1);
  if (first === undefined || year < first || year > Number(today.slice(0, 4)))
    throw notFound("Report", String(year));
}

/** Agreements in force at some time in the year (signed by its end, not expired before it), and those that expired in it. */
async function termCounts(db: Executor, actor: Actor, year: number) {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const [row] = await db
    .select({
      inForce: sql<number>`count(*) filter (where ${agreements.status} in ('signed', 'in_force', 'suspended', 'expired', 'terminated') and coalesce(${agreements.effectiveOn}, ${agreements.signedOn}) <= ${end} and (${agreements.expiresOn} is null or ${agreements.expiresOn} >= ${start}))::int`,
      expired: sql<number>`count(*) filter (where ${agreements.expiresOn} between ${start} and ${end} and ${agreements.status} <> 'draft' and ${agreements.status} <> 'negotiation')::int`,
    })
    .from(agreements)
    .where(readableAgreementsCondition(actor));
  return { inForce: row?.inForce ?? 0, expired: row?.expired ?? 0 };
}

/** A breakdown as a bar chart and the table of its numbers. */
function breakdown(
  request: ReportRequest,
  id: string,
  heading: string,
  column: string,
  rows: { label: string; value: number }[],
): ReportBlock[] {
  const { lang, t } = request;
  if (!rows.length) return [];
  return [
    { kind: "heading", level: 2, text: heading },
    { kind: "figure", svg: renderBarChart({ lang, id, bars: rows, width: 640 }), alt: heading },
    {
      kind: "table",
      columns: [{ label: column }, { label: t("figures.count"), numeric: true }],
      rows: rows.map((row) => [row.label, count(lang, row.value)]),
    },
  ];
}

/**
 * The association's report of one year, to its general assembly: agreements signed, in force and
 * expired, activities by region, budget, council presidents' participation, a map and the
 * agreements signed. The public edition counts public agreements; the workspace's, all the reader may read.
 */
export async function annualReport(request: ReportRequest, year: number): Promise<ReportDocument> {
  const { db, actor, lang, t, today } = request;
  await assertReportYear({ db, actor, year, today });
  const [figures, terms, signed, coverage] = await Promise.all([
    publicFigures({ db, actor, year }),
    termCounts(db, actor, year),
    listAgreements({ db, actor, filter: { year }, limit: LISTED_AGREEMENTS }),
    currentCoverage({ db, filter: { year } }),
  ]);
  const execution = figures.budget.planned > 0 ? figures.budget.spent / figures.budget.planned : null;
  const counted = (key: string, value: number) => countedPhrase(lang, t, key, value);
  const summary = [
    t("reports.annual.summary", {
      year,
      signed: counted("reports.annual.signedCount", figures.agreements),
      inForce: counted("reports.annual.inForceCount", terms.inForce),
      expired: counted("reports.annual.expiredCount", terms.expired),
    }),
    figuresSummary(lang, t, figures),
    figures.budget.planned > 0
      ? t("figures.summaryBudget", {
          spent: money(lang, figures.budget.spent),
          planned: money(lang, figures.budget.planned),
          share: share(lang, execution),
        })
      : "",
    t("figures.summaryPresidents", {
      territories: count(lang, figures.presidents.territories),
      of: count(lang, figures.presidents.of),
    }),
  ]
    .filter(Boolean)
    .join(" ");
  const map = territoryMap({
    areas: coverageAreas({ lang, t, coverage, measure: "agreements" }),
    label: t("reports.annual.map", { year }),
    print: true,
  });
  return reportDocument(request, {
    title: t("reports.annual.title", { year }),
    subtitle: t(request.workspace ? "reports.internalEdition" : "reports.publicEdition"),
    blocks: [
      { kind: "paragraph", text: summary },
      {
        kind: "facts",
        rows: [
          { label: t("reports.annual.signed"), value: count(lang, figures.agreements) },
          { label: t("reports.annual.inForce"), value: count(lang, terms.inForce) },
          { label: t("reports.annual.expired"), value: count(lang, terms.expired) },
          { label: t("reports.annual.activitiesDone"), value: count(lang, figures.activitiesDone) },
          { label: t("figures.budgetPlanned"), value: money(lang, figures.budget.planned) },
          { label: t("figures.budgetSpent"), value: money(lang, figures.budget.spent) },
          {
            label: t("figures.presidents"),
            value: t("figures.presidentsText", {
              territories: count(lang, figures.presidents.territories),
              of: count(lang, figures.presidents.of),
              attendances: count(lang, figures.presidents.attendances),
            }),
          },
        ],
      },
      ...section(
        t("reports.annual.signedHeading", { year }),
        [
          ...breakdown(
            request,
            "annual-theme",
            t("figures.byTheme"),
            t("figures.theme"),
            figures.byTheme.map((row) => ({ label: t(`theme.${row.key}`), value: row.count })),
          ),
          ...breakdown(
            request,
            "annual-kind",
            t("figures.byKind"),
            t("figures.kind"),
            figures.byKind.map((row) => ({ label: t(`kind.${row.key}`), value: row.count })),
          ),
          ...breakdown(
            request,
            "annual-partner-kind",
            t("figures.byPartnerKind"),
            t("figures.partnerKind"),
            figures.byPartnerKind.map((row) => ({ label: t(`orgKind.${row.key}`), value: row.count })),
          ),
        ],
        t("reports.annual.noneSigned"),
      ),
      ...section(t("reports.annual.activitiesHeading"), [
        {
          kind: "paragraph",
          text: t("reports.annual.activitiesDoneText", { count: figures.activitiesDone }),
        },
        ...breakdown(
          request,
          "annual-regions",
          t("figures.activitiesByRegion"),
          t("figures.region"),
          figures.activitiesByRegion.map((row) => ({
            label: textOf(row.name, lang, row.code),
            value: row.count,
          })),
        ),
      ]),
      ...section(t("reports.annual.mapHeading"), [
        {
          kind: "figure",
          width: "half",
          svg: map,
          alt: t("reports.annual.map", { year }),
          caption: `${t("reports.annual.map", { year })} — ${t("coverage.mapCredit")}`,
        },
      ]),
      ...section(
        t("reports.annual.listHeading", { year }),
        signed.items.length
          ? [
              {
                kind: "table",
                columns: [
                  { label: t("agreement.reference") },
                  { label: t("reports.agreement") },
                  { label: t("agreement.status") },
                ],
                rows: signed.items.map((item) => [
                  item.reference,
                  localized(item.title, lang),
                  t(`status.${item.status}`),
                ]),
              },
              ...(signed.total > signed.items.length
                ? [
                    {
                      kind: "paragraph" as const,
                      text: t("reports.moreAgreements", { count: signed.total - signed.items.length }),
                    },
                  ]
                : []),
            ]
          : [],
        t("reports.annual.noneSigned"),
      ),
    ],
  });
}
