import { agreementKinds, agreementStatuses, visibilities } from "../db/schema/index.js";
import type { HealthLevel } from "../domain/figures.js";
import { sortByName, textOf } from "../shared/localized.js";
import type { TerritoryRow } from "../territories/territories.service.js";
import { FilterFold } from "../web/components.js";
import { FilterButtons, FilterChoice, fieldHeading, SortChoice } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import {
  type AgreementFilterInput,
  deadlineChoices,
  type FollowUpFilter,
  judgedHealthLevels,
  lateKinds,
} from "./agreements.filters.js";
import { themes } from "./agreements.input.js";
import { agreementPaths } from "./agreements.paths.js";
import { type AgreementSort, agreementSorts } from "./agreements.queries.js";

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

/** The territory filter: each region, then its prefectures and provinces by name. */
export function TerritoryFilter({
  territories,
  selected,
}: {
  territories: TerritoryRow[];
  selected?: string;
}) {
  const { lang, t } = usePage();
  const name = (territory: TerritoryRow) => textOf(territory.name, lang, territory.code);
  return (
    <label>
      {t("catalogue.territory")}
      <select name="territory">
        <option value="">{t("catalogue.any")}</option>
        {territories
          .filter((territory) => territory.kind === "region")
          .map((region) => (
            <optgroup label={name(region)}>
              <option value={region.code} selected={region.code === selected}>
                {`${t("territoryKind.region")} ${name(region)}`}
              </option>
              {sortByName(
                territories.filter((territory) => territory.regionCode === region.code),
                lang,
                (territory) => territory.name,
              ).map((territory) => (
                <option value={territory.code} selected={territory.code === selected}>
                  {`${t(`territoryKind.${territory.kind}`)} ${name(territory)}`}
                </option>
              ))}
            </optgroup>
          ))}
      </select>
    </label>
  );
}

/** What the workspace list is filtered and sorted by: the catalogue's filters and its own. */
export type WorkspaceListQuery = AgreementFilterInput & {
  health?: Exclude<HealthLevel, "not_applicable">;
  due?: number;
  late?: (typeof lateKinds)[number];
  mine?: "1";
  visibility?: "public" | "internal";
  sort?: AgreementSort;
};

/**
 * The workspace list's filters and order, in one GET form (so a filtered list is an address that
 * can be bookmarked, and the language switcher keeps it); "mine" only for those who follow some
 * agreements rather than all. A `due` the dashboard linked to stays offered among the choices.
 */
export function WorkspaceListFilters({
  query,
  territories,
  offerMine,
}: {
  query: WorkspaceListQuery;
  territories: TerritoryRow[];
  offerMine: boolean;
}) {
  const { lang, t } = usePage();
  const action = agreementPaths.list(lang);
  const deadlines: number[] = [...deadlineChoices];
  if (query.due !== undefined && !deadlines.includes(query.due)) deadlines.push(query.due);
  const sorts = query.q ? agreementSorts : agreementSorts.filter((sort) => sort !== "relevance");
  return (
    <search>
      <FilterFold>
        <form class="filters inline" method="get" action={action} aria-label={t("catalogue.filters")}>
          <label>
            {t("catalogue.search")}
            <input name="q" type="search" value={query.q ?? ""} />
          </label>
          <FilterChoice
            name="status"
            label={t("catalogue.status")}
            values={agreementStatuses}
            selected={query.status}
            labelKey="status"
          />
          <FilterChoice
            name="kind"
            label={t("catalogue.kind")}
            values={agreementKinds}
            selected={query.kind}
            labelKey="kind"
          />
          <FilterChoice
            name="theme"
            label={t("catalogue.theme")}
            values={themes}
            selected={query.theme}
            labelKey="theme"
          />
          <FilterChoice
            name="visibility"
            label={fieldHeading(t, "visibility")}
            values={visibilities}
            selected={query.visibility}
            labelKey="visibility"
          />
          <TerritoryFilter territories={territories} selected={query.territory} />
          <FilterChoice
            name="health"
            label={t("workspace.dashboard.health")}
            values={judgedHealthLevels}
            selected={query.health}
            labelKey="progress.levels"
          />
          <FilterChoice
            name="due"
            label={t("agreementForm.listFilters.deadline")}
            values={deadlines}
            selected={query.due}
            labelOf={(days) => t("workspace.dashboard.within", { count: Number(days) })}
          />
          <FilterChoice
            name="late"
            label={t("agreementForm.listFilters.late")}
            values={lateKinds}
            selected={query.late}
            labelOf={(kind) => t(`workspace.dashboard.${lateLabel[kind as keyof typeof lateLabel]}`)}
          />
          <SortChoice
            label={t("agreementForm.listFilters.sort")}
            sorts={sorts}
            selected={query.sort ?? (query.q ? "relevance" : "signed")}
            labelKey="agreementForm.listFilters.sorts"
          />
          {offerMine ? (
            <label class="checkbox">
              <input type="checkbox" name="mine" value="1" checked={query.mine === "1"} />{" "}
              {t("agreementForm.listFilters.mineLabel")}
            </label>
          ) : null}
          {query.partner ? <input type="hidden" name="partner" value={query.partner} /> : null}
          {query.partnerKind ? <input type="hidden" name="partnerKind" value={query.partnerKind} /> : null}
          {query.year ? <input type="hidden" name="year" value={String(query.year)} /> : null}
          <FilterButtons resetHref={action} />
        </form>
      </FilterFold>
    </search>
  );
}
