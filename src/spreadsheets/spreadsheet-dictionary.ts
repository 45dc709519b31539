import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import type { SheetLayout, SpreadsheetColumn } from "./spreadsheet-columns.js";

/** A column as the data dictionary shows it, in one language (the read-me sheet, the open-data page). */
export interface DictionaryEntry {
  key: string;
  label: string;
  type: string;
  required: boolean;
  values: { code: string; label: string }[];
  meaning: string;
}

export function columnTypeLabel(t: Translate, column: SpreadsheetColumn): string {
  const type = column.type;
  const base =
    type.kind === "reference"
      ? type.to.kind === "number"
        ? t("spreadsheets.types.reference.number", { sheet: type.to.sheet })
        : t(`spreadsheets.types.reference.${type.to.kind}`)
      : t(`spreadsheets.types.${type.kind}`);
  return column.list ? t("spreadsheets.types.list", { type: base }) : base;
}

export function enumLabels(t: Translate, column: SpreadsheetColumn): { code: string; label: string }[] {
  if (column.type.kind === "enum") {
    const prefix = column.type.labels;
    return column.type.values.map((code) => ({ code, label: t(`${prefix}.${code}`) }));
  }
  if (column.type.kind === "boolean")
    return [
      { code: "yes", label: t("spreadsheets.dictionary.yes") },
      { code: "no", label: t("spreadsheets.dictionary.no") },
    ];
  return [];
}

export function dictionaryOf(t: Translate, lang: Language, sheet: SheetLayout): DictionaryEntry[] {
  return sheet.columns.map((column) => ({
    key: column.key,
    label: column.label[lang],
    type: columnTypeLabel(t, column),
    required: column.required,
    values: enumLabels(t, column),
    meaning: column.meaning[lang],
  }));
}
