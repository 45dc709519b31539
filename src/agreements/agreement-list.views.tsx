import { usePage } from "../web/page-context.js";
import type { FollowUpFilter } from "./agreements.filters.js";
import { agreementPaths } from "./agreements.paths.js";

/**
 * The list's filters other than the text searched: kept by the search form (hidden fields), so a
 * search refines the list a dashboard figure opened, and the follow-up ones said in words.
 */
export function KeptFilters({ query }: { query: Record<string, string | number | undefined> }) {
  return (
    <>
      {Object.entries(query).map(([name, value]) =>
        name === "q" || name === "page" || value === undefined ? null : (
          <input type="hidden" name={name} value={String(value)} />
        ),
      )}
    </>
  );
}

const lateLabel = { activities: "lateActivities", actions: "lateActions" } as const;

export function FollowUpFilterLine({ filter, mine }: { filter: FollowUpFilter; mine: boolean }) {
  const { lang, t } = usePage();
  const said = [
    filter.health
      ? `${t("workspace.dashboard.health")}: ${t(`progress.levels.${filter.health}`)}`
      : undefined,
    filter.deadlineWithin !== undefined
      ? `${t("workspace.dashboard.deadlines")}, ${t("workspace.dashboard.within", { count: filter.deadlineWithin })}`
      : undefined,
    filter.late ? t(`workspace.dashboard.${lateLabel[filter.late]}`) : undefined,
    mine ? t("agreementForm.listFilters.mine") : undefined,
  ].filter((text): text is string => text !== undefined);
  if (!said.length) return null;
  return (
    <p>
      {t("workspace.dashboard.followUpFilters")}: {said.join(" · ")}{" "}
      <a href={agreementPaths.list(lang)}>{t("agreementForm.listFilters.clear")}</a>
    </p>
  );
}
