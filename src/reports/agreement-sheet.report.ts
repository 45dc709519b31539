import { getAgreementDetail } from "../agreements/agreements.queries.js";
import { agreementFigures } from "../domain/figures.js";
import { formatValue, standingSentence } from "../indicators/indicator-figure.views.js";
import { renderIndicatorChart } from "../indicators/indicators.chart.js";
import { getAgreementProgress } from "../progress/progress.queries.js";
import { reasonText } from "../progress/progress.views.js";
import { loadPublicPlans } from "../progress/public-plan.queries.js";
import { formatNumber } from "../shared/i18n.js";
import { pickText, textOf } from "../shared/localized.js";
import type { ReportBlock, ReportDocument, Text } from "./report.document.js";
import {
  count,
  dateOrDash,
  dateRange,
  localized,
  money,
  type ReportRequest,
  reportDocument,
  section,
  share,
} from "./report-kit.js";

/**
 * An agreement's sheet: who, what, when, how far along. The public one (anyone, public agreements)
 * shows what the portal shows; the workspace's (those who may read the agreement) adds its health
 * when the reader sees inside it, as the agreement's page does.
 */
export async function agreementSheet(request: ReportRequest, id: string): Promise<ReportDocument> {
  const { db, actor, lang, t, today } = request;
  const agreement = await getAgreementDetail({ db, actor, id });
  const { facts, publicView } = await getAgreementProgress({ db, actor, id, today });
  const figures = agreementFigures(facts, today);
  const plans = (await loadPublicPlans(db, id, { anyVisibility: !publicView })) ?? [];
  const partyName = (organizationId: string): Text => {
    const party = agreement.parties.find((entry) => entry.organization.id === organizationId);
    return party ? localized(party.organization.name, lang) : "—";
  };
  const listed = (items: string[]) => items.join(lang === "ar" ? "، " : ", ");

  const identity: ReportBlock = {
    kind: "facts",
    rows: [
      { label: t("agreement.reference"), value: agreement.reference },
      { label: t("agreement.kind"), value: t(`kind.${agreement.kind}`) },
      { label: t("agreement.status"), value: t(`status.${agreement.status}`) },
      ...(agreement.themes.length
        ? [
            {
              label: t("agreement.themes"),
              value: listed(agreement.themes.map((theme) => t(`theme.${theme}`))),
            },
          ]
        : []),
      {
        label: t("agreement.scope"),
        value: agreement.national
          ? t("agreement.national")
          : listed(agreement.territories.map((territory) => textOf(territory.name, lang, territory.code))),
      },
      { label: t("agreement.signedOn"), value: dateOrDash(lang, agreement.signedOn) },
      { label: t("agreement.effectiveOn"), value: dateOrDash(lang, agreement.effectiveOn) },
      { label: t("agreement.expiresOn"), value: dateOrDash(lang, agreement.expiresOn) },
      ...(agreement.durationMonths
        ? [
            {
              label: t("agreement.duration"),
              value: t("agreement.durationMonths", { count: agreement.durationMonths }),
            },
          ]
        : []),
      {
        label: t("agreement.renewal"),
        value:
          t(`renewal.${agreement.renewal}`) +
          (agreement.renewal === "tacit" && agreement.renewalNoticeDays !== null
            ? ` (${t("agreement.renewalNotice", { count: agreement.renewalNoticeDays })})`
            : ""),
      },
    ],
  };

  const summary = pickText(agreement.summary, lang);
  const health: ReportBlock[] = publicView
    ? []
    : [
        { kind: "heading", level: 1, text: t("progress.health.heading") },
        {
          kind: "facts",
          rows: [{ label: t("progress.health.level"), value: t(`progress.levels.${figures.health.level}`) }],
        },
        ...(figures.health.reasons.length
          ? [
              {
                kind: "list" as const,
                items: figures.health.reasons.map(
                  (reason) => `${reasonText(reason, lang, t)} (${t(`progress.levels.${reason.level}`)})`,
                ),
              },
            ]
          : []),
        ...(figures.health.missing.length
          ? [
              { kind: "paragraph" as const, text: t("progress.health.missing") },
              {
                kind: "list" as const,
                items: figures.health.missing.map((gap) => t(`progress.missing.${gap}`)),
              },
            ]
          : []),
      ];

  const { activities } = figures;
  const progress: ReportBlock = {
    kind: "facts",
    rows: [
      {
        label: t("progress.figures.completion"),
        value:
          activities.completion === null
            ? t("progress.figures.noActivities")
            : t("progress.figures.completionText", {
                done: activities.done,
                counted: activities.counted,
                percent: share(lang, activities.completion),
              }),
      },
      {
        label: t("progress.figures.budget"),
        value:
          activities.budgetExecution === null
            ? t("progress.figures.noBudget")
            : t("progress.figures.budgetText", {
                spent: money(lang, activities.budgetSpent),
                planned: money(lang, activities.budgetPlanned),
                percent: share(lang, activities.budgetExecution),
              }),
      },
      {
        label: t("progress.figures.elapsed"),
        value:
          figures.timeElapsed === null || !figures.term
            ? t("progress.figures.noTerm")
            : t("progress.figures.elapsedText", {
                percent: share(lang, figures.timeElapsed),
                end: dateOrDash(lang, figures.term.end),
              }),
      },
    ],
  };

  const indicators: ReportBlock[] = facts.indicators.length
    ? [
        {
          kind: "table",
          columns: [
            { label: t("progress.columns.indicator") },
            { label: t("progress.columns.baseline"), numeric: true },
            { label: t("progress.columns.target"), numeric: true },
            { label: t("progress.columns.actual"), numeric: true },
            { label: t("progress.columns.achievement"), numeric: true },
          ],
          rows: facts.indicators.map((indicator, index) => {
            const figure = figures.indicators[index];
            return [
              `${textOf(indicator.name, lang)} (${textOf(indicator.unit, lang)})`,
              formatValue(lang, indicator.baselineValue),
              formatValue(lang, indicator.targetValue),
              figure?.actual == null ? "—" : formatValue(lang, figure.actual),
              figure ? share(lang, figure.achievement) : "—",
            ];
          }),
        },
        ...facts.indicators.flatMap((indicator, index): ReportBlock[] => {
          const figure = figures.indicators[index];
          if (!figure || !indicator.values.length) return [];
          return [
            {
              kind: "figure",
              width: "half",
              svg: renderIndicatorChart({
                lang,
                t,
                indicator,
                figures: figure,
                today,
                width: 480,
                height: 240,
              }),
              alt: t("indicators.chart.caption", { name: textOf(indicator.name, lang) }),
              caption: `${t("indicators.chart.caption", { name: textOf(indicator.name, lang) })} ${standingSentence(lang, t, indicator, figure)}`,
            },
          ];
        }),
      ]
    : [];

  const activityRows = plans.flatMap((plan) =>
    plan.activities.map((activity): Text[] => [
      localized(activity.title, lang),
      localized(plan.title, lang),
      t(`progress.activityStatus.${activity.status}`),
      dateRange(lang, activity.plannedStart, activity.plannedEnd),
      activity.territories.length
        ? listed(activity.territories.map((place) => textOf(place.name, lang, place.code)))
        : t("progress.portal.wherever"),
      activity.participantCount === null ? "—" : count(lang, activity.participantCount),
    ]),
  );

  return reportDocument(request, {
    title: textOf(agreement.title, lang, agreement.reference),
    subtitle: `${agreement.reference} · ${t(`kind.${agreement.kind}`)} · ${t(`status.${agreement.status}`)}`,
    blocks: [
      identity,
      ...(summary
        ? section(t("agreement.summary"), [{ kind: "paragraph", text: localized(agreement.summary, lang) }])
        : []),
      ...section(t("agreement.parties"), [
        {
          kind: "table",
          columns: [
            { label: t("agreement.partner") },
            { label: t("partners.kind") },
            { label: t("agreement.role") },
          ],
          rows: agreement.parties.map((party) => [
            localized(party.organization.name, lang),
            t(`orgKind.${party.organization.kind}`),
            t(`role.${party.role}`),
          ]),
        },
      ]),
      ...section(
        t("agreement.objectives"),
        agreement.objectives.length
          ? [
              {
                kind: "list",
                ordered: true,
                items: agreement.objectives.map((objective) => localized(objective.text, lang)),
              },
            ]
          : [],
        t("agreement.noObjectives"),
      ),
      ...section(
        t("agreement.commitments"),
        agreement.commitments.length
          ? [
              {
                kind: "table",
                columns: [{ label: t("agreement.partner") }, { label: t("agreement.commitments") }],
                rows: agreement.commitments.map((commitment) => [
                  partyName(commitment.organizationId),
                  localized(commitment.text, lang),
                ]),
              },
            ]
          : [],
      ),
      ...section(
        t("agreement.contributions"),
        agreement.contributions.length
          ? [
              {
                kind: "table",
                columns: [
                  { label: t("agreement.partner") },
                  { label: t("agreement.amount"), numeric: true },
                  { label: t("agreement.nature") },
                ],
                rows: agreement.contributions.map((contribution) => [
                  partyName(contribution.organizationId),
                  formatNumber(lang, Number(contribution.amount), {
                    style: "currency",
                    currency: contribution.currency,
                  }),
                  t(`nature.${contribution.nature}`),
                ]),
              },
            ]
          : [],
      ),
      ...health,
      ...section(t("progress.figures.heading"), [progress]),
      ...section(t("progress.figures.indicators"), indicators),
      ...section(
        t("reports.activities"),
        activityRows.length
          ? [
              {
                kind: "table",
                columns: [
                  { label: t("progress.columns.activity") },
                  { label: t("reports.plan") },
                  { label: t("progress.columns.status") },
                  { label: t("progress.columns.planned") },
                  { label: t("progress.columns.territories") },
                  { label: t("progress.columns.participants"), numeric: true },
                ],
                rows: activityRows,
              },
            ]
          : [],
        t("progress.portal.noActivities"),
      ),
      ...section(
        t("agreement.amendments"),
        agreement.amendments.length
          ? [
              {
                kind: "list",
                items: agreement.amendments.map(
                  (amendment) =>
                    `${dateOrDash(lang, amendment.signedOn)} — ${textOf(amendment.summary, lang)}`,
                ),
              },
            ]
          : [],
      ),
    ],
  });
}
