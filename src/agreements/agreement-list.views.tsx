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

/**
 * The list as a workbook, with the filters it shows (src/spreadsheets/ answers these addresses):
 * the workspace's as the reader may read it, the portal's public data only; the empty template
 * for those who import.
 */
export function ExportLinks({ xlsx, csv, template }: { xlsx: string; csv: string; template?: string }) {
  const { t } = usePage();
  return (
    <p class="actions">
      <a class="button secondary" href={xlsx} download>
        {t("spreadsheets.export.xlsx")}
      </a>{" "}
      <a class="button secondary" href={csv} download>
        {t("spreadsheets.export.csv")}
      </a>
      {template ? (
        <>
          {" "}
          <a class="button secondary" href={template} download>
            {t("spreadsheets.export.template")}
          </a>
        </>
      ) : null}
    </p>
  );
}
