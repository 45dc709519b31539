import type { Child } from "hono/jsx";
import { type Language, pickText } from "../shared/localized.js";
import { inputId, useFieldError } from "../web/field-errors.js";
import { usePage } from "../web/page-context.js";
import type { TerritoryRow } from "./territories.service.js";

/*
 * The territory picker: plain checkboxes, posted under one name (a region's code for "the whole
 * region", a prefecture's or province's code for itself), one fieldset per region, big enough to
 * tick with a finger. A filter box (shown only when the page's script runs, which does the
 * filtering) hides the rows whose names do not match in any language. A form may offer some
 * territories first (an activity: its agreement's) and fold the others away.
 */

export interface TerritoryPickerProps {
  /** the posted name of the ticked codes */
  name: string;
  legend: string;
  hint?: string;
  territories: readonly TerritoryRow[];
  selected: readonly string[];
  /** offer "the whole region" (its code): not for attendance, as regions have no council */
  withRegions: boolean;
  /** the national choice, posted as `on` under its own name */
  national?: { name: string; checked: boolean };
  /** codes offered first under their own legend; the others folded under `othersLegend` */
  first?: { codes: readonly string[]; legend: string; othersLegend: string };
}

/** The rows `codes` reach: their regions with every prefecture and province in them, and the others named. */
export function territoriesReached(
  territories: readonly TerritoryRow[],
  codes: readonly string[],
): Set<string> {
  const named = new Set(codes);
  const reached = new Set<string>();
  for (const row of territories) {
    if (named.has(row.code) || (row.regionCode && named.has(row.regionCode))) reached.add(row.code);
  }
  return reached;
}

const wordsOf = (row: TerritoryRow) =>
  [row.code, row.name.ar, row.name.fr, row.name.en, row.fullName?.fr, row.fullName?.ar, row.fullName?.en]
    .filter(Boolean)
    .join(" ");

export function TerritoryPicker(props: TerritoryPickerProps) {
  const { t } = usePage();
  const groupId = inputId(props.name);
  const hintId = props.hint ? `${groupId}-hint` : undefined;
  const error = useFieldError(props.name, hintId);
  const reached = props.first ? territoriesReached(props.territories, props.first.codes) : undefined;
  const firstRows = reached
    ? props.territories.filter((row) => reached.has(row.code))
    : [...props.territories];
  const otherRows = reached ? props.territories.filter((row) => !reached.has(row.code)) : [];
  const othersTicked = otherRows.some((row) => props.selected.includes(row.code));
  const groups = (rows: readonly TerritoryRow[]) => (
    <RegionGroups
      name={props.name}
      all={props.territories}
      rows={rows}
      selected={props.selected}
      withRegions={props.withRegions}
    />
  );
  return (
    <fieldset
      class="territory-picker"
      id={groupId}
      aria-describedby={error.attrs["aria-describedby"]}
      aria-invalid={error.attrs["aria-invalid"]}
    >
      <legend>
        {props.legend} ({props.selected.length})
      </legend>
      {props.hint ? <small id={hintId}>{props.hint}</small> : null}
      {error.note}
      {props.national ? (
        <div class="check national">
          <input
            type="checkbox"
            id={inputId(props.national.name)}
            name={props.national.name}
            checked={props.national.checked}
          />
          <label for={inputId(props.national.name)}>{t("pickers.territories.national")}</label>
        </div>
      ) : null}
      <div class="field territory-filter" hidden>
        <label for={`${groupId}-filter`}>{t("pickers.territories.filter")}</label>
        <input type="search" id={`${groupId}-filter`} data-territory-filter autocomplete="off" />
      </div>
      <p data-territory-none hidden>
        {t("pickers.territories.noMatch")}
      </p>
      {props.first ? (
        <>
          <fieldset class="territory-first">
            <legend>{props.first.legend}</legend>
            {groups(firstRows)}
          </fieldset>
          {otherRows.length ? (
            <details open={othersTicked}>
              <summary>{props.first.othersLegend}</summary>
              {groups(otherRows)}
            </details>
          ) : null}
        </>
      ) : (
        groups(firstRows)
      )}
    </fieldset>
  );
}

/** One fieldset per region that has rows to offer: its "whole region" box, then its prefectures and provinces. */
function RegionGroups(props: {
  name: string;
  all: readonly TerritoryRow[];
  rows: readonly TerritoryRow[];
  selected: readonly string[];
  withRegions: boolean;
}) {
  const { lang, t } = usePage();
  const offered = new Set(props.rows.map((row) => row.code));
  const regions = props.all.filter((row) => row.kind === "region");
  return (
    <>
      {regions.map((region) => {
        const provinces = props.rows.filter((row) => row.regionCode === region.code);
        const whole = props.withRegions && offered.has(region.code);
        if (!whole && !provinces.length) return null;
        const regionName = pickText(region.name, lang)?.text ?? region.code;
        return (
          <fieldset class="territory-region" data-words={wordsOf(region)}>
            <legend>{regionName}</legend>
            <ul>
              {whole ? (
                <Choice
                  name={props.name}
                  row={region}
                  selected={props.selected}
                  label={t("pickers.territories.wholeRegion", { name: regionName })}
                  extra="whole-region"
                />
              ) : null}
              {provinces.map((row) => {
                const picked = pickText(row.name, lang);
                return (
                  <Choice
                    name={props.name}
                    row={row}
                    selected={props.selected}
                    label={picked?.text ?? row.code}
                    lang={picked?.lang === lang ? undefined : picked?.lang}
                  />
                );
              })}
            </ul>
          </fieldset>
        );
      })}
    </>
  );
}

function Choice(props: {
  name: string;
  row: TerritoryRow;
  selected: readonly string[];
  label: Child;
  lang?: Language;
  extra?: string;
}) {
  const id = inputId(`${props.name}-${props.row.code}`);
  return (
    <li class={props.extra ? `check ${props.extra}` : "check"} data-words={wordsOf(props.row)}>
      <input
        type="checkbox"
        id={id}
        name={props.name}
        value={props.row.code}
        checked={props.selected.includes(props.row.code)}
      />
      <label for={id} lang={props.lang}>
        {props.label}
      </label>
    </li>
  );
}
