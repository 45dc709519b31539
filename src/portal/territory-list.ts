import { matchesEveryTerm, parseSearchQuery } from "../search/query.js";
import { AppError } from "../shared/errors.js";
import { type Language, sortByName } from "../shared/localized.js";
import type { TerritoryListFilter } from "../territories/territories.input.js";
import type { TerritoryCoverage } from "./coverage.queries.js";

/** Whether the territories page lists its own order (a table) rather than the regions and their provinces. */
export const isNarrowedTerritoryList = (filter: TerritoryListFilter) =>
  Boolean(filter.q || filter.region || (filter.sort && filter.sort !== "name"));

/**
 * The prefectures and provinces a territories list shows: those of a region, those whose name
 * (in any language), HCP or ISO code holds every word typed, matched as the
 * search matches (accents, Arabic forms, prefixes); by name or the most agreements, activities
 * or people first. Seventy-five rows, already kept per generation: filtered here, not in SQL.
 */
export function chooseTerritories(
  territories: readonly TerritoryCoverage[],
  filter: TerritoryListFilter,
  regionCodes: ReadonlySet<string>,
  lang: Language,
): TerritoryCoverage[] {
  if (filter.region && !regionCodes.has(filter.region)) {
    throw new AppError("validation", `Unknown region ${filter.region}`, {
      issues: [{ field: "region", message: "is not a known region", reason: "invalidChoice" }],
    });
  }
  const query = filter.q ? parseSearchQuery(filter.q) : undefined;
  const listed = territories.filter(
    (territory) =>
      (!filter.region || territory.regionCode === filter.region) &&
      (!query || matchesEveryTerm(query, territory.code, territory.iso, ...Object.values(territory.name))),
  );
  // By name first: a stable sort keeps equal counts in the order of their names.
  const sorted = sortByName(listed, lang, (territory) => territory.name);
  const most = (measure: (territory: TerritoryCoverage) => number) =>
    sorted.sort((a, b) => measure(b) - measure(a));
  switch (filter.sort) {
    case "agreements":
      return most((territory) => territory.agreements);
    case "activities":
      return most((territory) => territory.activities);
    case "population":
      return most((territory) => territory.population ?? 0);
    default:
      return sorted;
  }
}
