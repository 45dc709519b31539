import type { Child } from "hono/jsx";
import type {
  ActivityFigures,
  AgreementFigures,
  HealthLevel,
  HealthReason,
  IndicatorFigures,
} from "../domain/figures.js";
import { formatDate, formatNumber, type Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { usePage } from "../web/page-context.js";

/**
 * The derived figures in words and gauges, for the workspace's health section, the portal's
 * progress and the council view. A level is always written out, never told by colour alone;
 * every gauge has a label, and its figure is also written beside it.
 */

export const percent = (lang: Language, ratio: number): string =>
  formatNumber(lang, ratio, { style: "percent", maximumFractionDigits: 0 });

export const money = (lang: Language, amount: number): string =>
  formatNumber(lang, amount, { style: "currency", currency: "MAD", maximumFractionDigits: 2 });

/** From one date to another (either may be missing), or that none is recorded. */
export function DateRange({ from, to }: { from: string | null; to: string | null }) {
  const { lang, t } = usePage();
  if (!from && !to) return <>{t("progress.notRecorded")}</>;
  return (
    <>
      {from ? formatDate(lang, from) : "…"} – {to ? formatDate(lang, to) : "…"}
    </>
  );
}

/** A gauge's value: between 0 and 1, as <progress> and <meter> want it. */
const gauge = (ratio: number): number => Math.min(1, Math.max(0, ratio));

export function HealthBadge({ level }: { level: HealthLevel }) {
  const { t } = usePage();
  return <span class={`badge health-${level}`}>{t(`progress.levels.${level}`)}</span>;
}

/** A reason's sentence: its values are counts, days, months or a percentage. */
export function reasonText(reason: HealthReason, lang: Language, t: Translate): string {
  const { count, days, months, percent: share } = reason.values;
  return t(`progress.reasons.${reason.key}`, {
    ...reason.values,
    count: count ?? days ?? months,
    percent: share === undefined ? undefined : percent(lang, share / 100),
  });
}

export function HealthSummary({ health }: { health: AgreementFigures["health"] }) {
  const { lang, t } = usePage();
  const verdict =
    health.level === "not_applicable" ? (
      <p>{t("progress.health.notApplicable")}</p>
    ) : health.level === "not_enough_data" ? (
      <p>{t("progress.health.notEnoughData")}</p>
    ) : health.reasons.length ? (
      <>
        <h3>{t("progress.health.reasons")}</h3>
        <ul>
          {health.reasons.map((reason) => (
            <li>
              {reasonText(reason, lang, t)} <small>({t(`progress.levels.${reason.level}`)})</small>
            </li>
          ))}
        </ul>
      </>
    ) : (
      <p>{t("progress.health.noReasons")}</p>
    );
  return (
    <>
      <p>
        {t("progress.health.level")} <HealthBadge level={health.level} />
      </p>
      {verdict}
      {health.missing.length ? (
        <>
          <h3>{t("progress.health.missing")}</h3>
          <ul class="health-missing">
            {health.missing.map((gap) => (
              <li>{t(`progress.missing.${gap}`)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** A labelled gauge with its figure in words, or only words when there is no figure. */
function GaugeRow({
  id,
  label,
  kind,
  ratio,
  children,
}: {
  id: string;
  label: string;
  kind: "progress" | "meter";
  ratio: number | null;
  children: Child;
}) {
  const { lang } = usePage();
  if (ratio === null) {
    return (
      <>
        <dt>{label}</dt>
        <dd>{children}</dd>
      </>
    );
  }
  const value = gauge(ratio);
  return (
    <>
      <dt>
        <label for={id}>{label}</label>
      </dt>
      <dd>
        {kind === "progress" ? (
          <progress id={id} max={1} value={value}>
            {percent(lang, ratio)}
          </progress>
        ) : (
          <meter id={id} min={0} max={1} value={value}>
            {percent(lang, ratio)}
          </meter>
        )}{" "}
        {children}
      </dd>
    </>
  );
}

/** Completion, budget, time elapsed, as labelled gauges with their figures in words. */
export function ProgressFigures({
  figures,
  idPrefix,
}: {
  figures: Pick<AgreementFigures, "activities" | "timeElapsed" | "term">;
  /** keeps the gauges' ids unique on a page */
  idPrefix: string;
}) {
  const { lang, t } = usePage();
  const { activities, timeElapsed, term } = figures;
  return (
    <dl class="facts">
      <GaugeRow
        id={`${idPrefix}-completion`}
        label={t("progress.figures.completion")}
        kind="progress"
        ratio={activities.completion}
      >
        <CompletionText activities={activities} />
      </GaugeRow>
      <GaugeRow
        id={`${idPrefix}-budget`}
        label={t("progress.figures.budget")}
        kind="meter"
        ratio={activities.budgetExecution}
      >
        {activities.budgetExecution === null
          ? t("progress.figures.noBudget")
          : t("progress.figures.budgetText", {
              spent: money(lang, activities.budgetSpent),
              planned: money(lang, activities.budgetPlanned),
              percent: percent(lang, activities.budgetExecution),
            })}
      </GaugeRow>
      <GaugeRow
        id={`${idPrefix}-elapsed`}
        label={t("progress.figures.elapsed")}
        kind="progress"
        ratio={term ? timeElapsed : null}
      >
        {timeElapsed === null || !term ? (
          t("progress.figures.noTerm")
        ) : (
          <>
            {t("progress.figures.elapsedText", {
              percent: percent(lang, timeElapsed),
              end: formatDate(lang, term.end),
            })}
            {term.renewals ? (
              <>
                {" "}
                <small>{t("progress.figures.renewed", { count: term.renewals })}</small>
              </>
            ) : null}
          </>
        )}
      </GaugeRow>
    </dl>
  );
}

function CompletionText({ activities }: { activities: ActivityFigures }) {
  const { lang, t } = usePage();
  if (activities.completion === null) return <>{t("progress.figures.noActivities")}</>;
  return (
    <>
      {t("progress.figures.completionText", {
        done: activities.done,
        counted: activities.counted,
        percent: percent(lang, activities.completion),
      })}
      {activities.cancelled ? (
        <>
          {" "}
          <small>{t("progress.figures.cancelled", { count: activities.cancelled })}</small>
        </>
      ) : null}
      {activities.overdue ? (
        <>
          {" "}
          <strong>{t("progress.figures.overdue", { count: activities.overdue })}</strong>
        </>
      ) : null}
    </>
  );
}

const statusOrder = ["achieved", "on_track", "behind", "far_behind", "no_data"] as const;

/** How many indicators stand where, and how many due periods are not reported. */
export function IndicatorCounts({ indicators }: { indicators: IndicatorFigures[] }) {
  const { t } = usePage();
  if (!indicators.length) return <p>{t("progress.figures.noIndicators")}</p>;
  const missing = indicators.reduce((sum, entry) => sum + entry.missingPeriods.length, 0);
  const awaiting = indicators.reduce((sum, entry) => sum + entry.awaitingReview, 0);
  return (
    <ul>
      {statusOrder.map((status) => {
        const count = indicators.filter((entry) => entry.status === status).length;
        return count ? <li>{t(`progress.indicatorCounts.${status}`, { count })}</li> : null;
      })}
      {missing ? <li>{t("progress.figures.missingPeriods", { count: missing })}</li> : null}
      {awaiting ? <li>{t("progress.figures.awaitingReview", { count: awaiting })}</li> : null}
    </ul>
  );
}
