import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { judgedHealthLevels, lateKinds } from "../agreements/agreements.filters.js";
import { agreementPaths } from "../agreements/agreements.paths.js";
import type { countAgreementsByStatus } from "../agreements/agreements.queries.js";
import { agreementStatuses } from "../db/schema/index.js";
import type { BudgetLine, DashboardFigures } from "../progress/dashboard.queries.js";
import { HealthBadge, money, percent, reasonText } from "../progress/progress.views.js";
import { formatNumber } from "../shared/i18n.js";
import { textOf } from "../shared/localized.js";
import { bucketOf, territoryMap } from "../territories/territories.map.js";
import { Localized, MapLegend, TableScroll } from "../web/components.js";
import { usePage } from "../web/page-context.js";

/**
 * The dashboard's figures, each an accessible table (a caption, headers with their scope) whose
 * numbers link to the list that explains them: the workspace's agreements list with the filter
 * that selects exactly what was counted (same scope, same rule).
 */

/** A count, linked to its list when there is something to list. */
function Counted({ count, href }: { count: number; href?: string }) {
  const { lang } = usePage();
  const text = formatNumber(lang, count);
  return count && href ? <a href={href}>{text}</a> : text;
}

const list = (lang: Parameters<typeof agreementPaths.list>[0], query: Record<string, string>) =>
  agreementPaths.list(lang, new URLSearchParams(query).toString());

function FigureTable({
  id,
  caption,
  head,
  children,
  foot,
}: {
  id: string;
  caption: string;
  head: Child;
  children: Child;
  foot?: Child;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{caption}</h2>
      <TableScroll label={caption}>
        <table class="data figures">
          <caption class="visually-hidden">{caption}</caption>
          <thead>{head}</thead>
          <tbody>{children}</tbody>
          {foot ? <tfoot>{foot}</tfoot> : null}
        </table>
      </TableScroll>
    </section>
  );
}

/** The agreements the person may read, by status; each count links to the list with that status. */
export function AgreementsByStatus({ total, byStatus }: Awaited<ReturnType<typeof countAgreementsByStatus>>) {
  const { lang, t } = usePage();
  return (
    <FigureTable
      id="by-status-heading"
      caption={t("workspace.dashboard.byStatus")}
      head={
        <tr>
          <th scope="col">{t("agreement.status")}</th>
          <th scope="col" class="number">
            {t("workspace.dashboard.count")}
          </th>
        </tr>
      }
      foot={
        <tr>
          <th scope="row">{t("workspace.dashboard.total")}</th>
          <td class="number">
            <a href={agreementPaths.list(lang)}>{formatNumber(lang, total)}</a>
          </td>
        </tr>
      }
    >
      {agreementStatuses.map((status) => (
        <tr>
          <th scope="row">{t(`status.${status}`)}</th>
          <td class="number">
            <Counted count={byStatus[status] ?? 0} href={list(lang, { status })} />
          </td>
        </tr>
      ))}
    </FigureTable>
  );
}

export function AgreementsByHealth({ figures }: { figures: DashboardFigures }) {
  const { lang, t } = usePage();
  return (
    <FigureTable
      id="by-health-heading"
      caption={t("workspace.dashboard.byHealth")}
      head={
        <tr>
          <th scope="col">{t("workspace.dashboard.health")}</th>
          <th scope="col" class="number">
            {t("workspace.dashboard.agreements")}
          </th>
        </tr>
      }
      foot={
        <tr>
          <th scope="row">{t("workspace.dashboard.total")}</th>
          <td class="number">{formatNumber(lang, figures.underway)}</td>
        </tr>
      }
    >
      {judgedHealthLevels.map((level) => (
        <tr>
          <th scope="row">
            <HealthBadge level={level} />
          </th>
          <td class="number">
            <Counted count={figures.byHealth[level]} href={list(lang, { health: level })} />
          </td>
        </tr>
      ))}
    </FigureTable>
  );
}

export function Deadlines({ figures }: { figures: DashboardFigures }) {
  const { lang, t } = usePage();
  return (
    <FigureTable
      id="deadlines-heading"
      caption={t("workspace.dashboard.deadlines")}
      head={
        <tr>
          <td />
          <th scope="col" class="number">
            {t("workspace.dashboard.expiries")}
          </th>
          <th scope="col" class="number">
            {t("workspace.dashboard.notices")}
          </th>
          <th scope="col" class="number">
            {t("workspace.dashboard.agreements")}
          </th>
        </tr>
      }
    >
      {figures.deadlines.map((window) => (
        <tr>
          <th scope="row">{t("workspace.dashboard.within", { count: window.within })}</th>
          <td class="number">{formatNumber(lang, window.expiries)}</td>
          <td class="number">{formatNumber(lang, window.notices)}</td>
          <td class="number">
            <Counted count={window.count} href={list(lang, { due: String(window.within) })} />
          </td>
        </tr>
      ))}
    </FigureTable>
  );
}

/** Overdue activities and actions (with the agreements they are in), and values awaiting review. */
export function Overdue({ figures, awaitingReview }: { figures: DashboardFigures; awaitingReview?: number }) {
  const { lang, t } = usePage();
  const label = { activities: "lateActivities", actions: "lateActions" } as const;
  return (
    <FigureTable
      id="overdue-heading"
      caption={t("workspace.dashboard.overdue")}
      head={
        <tr>
          <th scope="col">{t("workspace.dashboard.what")}</th>
          <th scope="col" class="number">
            {t("workspace.dashboard.items")}
          </th>
          <th scope="col" class="number">
            {t("workspace.dashboard.inAgreements")}
          </th>
        </tr>
      }
    >
      {lateKinds.map((kind) => (
        <tr>
          <th scope="row">{t(`workspace.dashboard.${label[kind]}`)}</th>
          <td class="number">
            <Counted count={figures.late[kind].items} href={list(lang, { late: kind })} />
          </td>
          <td class="number">
            <Counted count={figures.late[kind].agreements} href={list(lang, { late: kind })} />
          </td>
        </tr>
      ))}
      {awaitingReview === undefined ? null : (
        <tr>
          <th scope="row">{t("workspace.dashboard.valuesAwaitingReview")}</th>
          <td class="number">
            <Counted count={awaitingReview} href={`/${lang}/workspace/my-work#review-submitted`} />
          </td>
          <td />
        </tr>
      )}
    </FigureTable>
  );
}

function BudgetCells({ line }: { line: BudgetLine }) {
  const { lang } = usePage();
  return (
    <>
      <td class="number">{money(lang, line.planned)}</td>
      <td class="number">{money(lang, line.spent)}</td>
      <td class="number">{line.planned ? percent(lang, line.spent / line.planned) : "—"}</td>
    </>
  );
}

/**
 * Budget by year of signature and by theme, over the agreements in the person's scope; each
 * line's agreements are the list with that year (or theme) and `mine`.
 */
export function Budget({ figures, scoped }: { figures: DashboardFigures; scoped: boolean }) {
  const { lang, t } = usePage();
  const mine: Record<string, string> = scoped ? { mine: "1" } : {};
  const head = (first: string) => (
    <tr>
      <th scope="col">{first}</th>
      <th scope="col" class="number">
        {t("workspace.dashboard.planned")}
      </th>
      <th scope="col" class="number">
        {t("workspace.dashboard.spent")}
      </th>
      <th scope="col" class="number">
        {t("workspace.dashboard.execution")}
      </th>
      <th scope="col" class="number">
        {t("workspace.dashboard.agreements")}
      </th>
    </tr>
  );
  return (
    <>
      <FigureTable
        id="budget-year-heading"
        caption={t("workspace.dashboard.budgetByYear")}
        head={head(t("workspace.dashboard.year"))}
      >
        {figures.budgetByYear.map(({ year, line }) => (
          <tr>
            <th scope="row">{year === null ? t("workspace.dashboard.noYear") : String(year)}</th>
            <BudgetCells line={line} />
            <td class="number">
              <Counted
                count={line.agreements}
                href={year === null ? undefined : list(lang, { year: String(year), ...mine })}
              />
            </td>
          </tr>
        ))}
      </FigureTable>
      <FigureTable
        id="budget-theme-heading"
        caption={t("workspace.dashboard.budgetByTheme")}
        head={head(t("workspace.dashboard.theme"))}
      >
        {figures.budgetByTheme.map(({ theme, line }) => (
          <tr>
            <th scope="row">{t(`theme.${theme}`)}</th>
            <BudgetCells line={line} />
            <td class="number">
              <Counted count={line.agreements} href={list(lang, { theme, ...mine })} />
            </td>
          </tr>
        ))}
      </FigureTable>
    </>
  );
}

/** The agreements needing attention first, with the reasons of their health. */
export function Attention({ figures }: { figures: DashboardFigures }) {
  const { lang, t } = usePage();
  const reasons = figures.attention.map((item) => item.reasons.map((reason) => reasonText(reason, lang, t)));
  return (
    <section aria-labelledby="attention-heading">
      <h2 id="attention-heading">{t("workspace.dashboard.attention")}</h2>
      {figures.attention.length ? (
        <TableScroll label={t("workspace.dashboard.attentionIntro")}>
          <table class="data">
            <caption>{t("workspace.dashboard.attentionIntro")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("workspace.dashboard.agreements")}</th>
                <th scope="col">{t("workspace.dashboard.health")}</th>
                <th scope="col">{t("workspace.dashboard.reasons")}</th>
              </tr>
            </thead>
            <tbody>
              {figures.attention.map((item, index) => (
                <tr>
                  <th scope="row">
                    <a href={agreementPaths.workspace(lang, item.id)}>{item.reference}</a>{" "}
                    <Localized value={item.title} />
                  </th>
                  <td>
                    <HealthBadge level={item.level} />
                  </td>
                  <td>
                    <ul>
                      {(reasons[index] ?? []).map((reason) => (
                        <li>{reason}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p>{t("workspace.dashboard.noAttention")}</p>
      )}
    </section>
  );
}

/** The map of the agreements the person may read reaching each province, each linked to its list. */
export function ReachMap({ figures }: { figures: DashboardFigures }) {
  const { lang, t } = usePage();
  const largest = Math.max(0, ...figures.territories.map((row) => row.agreements));
  const svg = territoryMap({
    areas: figures.territories.flatMap((row) =>
      row.iso
        ? [
            {
              iso: row.iso,
              href: list(lang, { territory: row.code }),
              label: t("workspace.dashboard.mapLabel", {
                name: textOf(row.name, lang, row.code),
                count: row.agreements,
              }),
              bucket: bucketOf(row.agreements, largest),
            },
          ]
        : [],
    ),
    label: t("workspace.dashboard.map"),
  });
  return (
    <section aria-labelledby="map-heading">
      <h2 id="map-heading">{t("workspace.dashboard.map")}</h2>
      <figure class="coverage-map">
        {raw(svg)}
        <figcaption>
          <MapLegend largest={largest} lang={lang} t={t} />
        </figcaption>
      </figure>
    </section>
  );
}
