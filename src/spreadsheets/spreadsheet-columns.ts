import type { Language } from "../shared/localized.js";

/*
 * The one workbook layout of the registry (issue #14): what the spreadsheet export writes, the
 * template holds and the spreadsheet import reads, and the open-data dictionary shows. One sheet
 * per record kind, one column per field, multilingual texts as three columns (title_ar,
 * title_fr, title_en), rows linked by keys people can type (an agreement's reference, an
 * organisation's name or acronym, a territory's code or name, a row's number within its
 * agreement), never by database ids alone. docs/spreadsheet-format.md describes it in prose.
 *
 * Keys of sheets and columns are a file format: add, never rename or remove.
 */

/** In three languages, checked by the compiler: a missing language does not build. */
export type Trilingual = Record<Language, string>;

/**
 * What a cell holds, and how it is written:
 * - text: plain text (`max` characters at most);
 * - localized: one language's part of a multilingual field (`field`); a required field needs at
 *   least one of its three columns filled;
 * - date: a calendar date (a date cell in XLSX, YYYY-MM-DD in CSV);
 * - datetime: a moment on Moroccan time, written "YYYY-MM-DD HH:MM" as text;
 * - amount: a sum of money in MAD (two decimals), `decimal`: a measure (up to four decimals);
 *   a number cell in XLSX when it converts exactly, else the same digits as text;
 * - integer: a whole number; boolean: `yes` or `no`;
 * - enum: one of `values` (the stable codes, never translated in the cell); its labels in the
 *   reader's language come from the i18n catalogue under `labels` (`<labels>.<value>`);
 * - reference: a row of another sheet, by its natural key (`by`, see Reference);
 * - id: the record's database id (UUID), filled by the export so that a re-import finds the
 *   record again; left empty for a new row.
 * With `list: true` the cell holds several values separated by ";" (an import also accepts the
 * Arabic "؛" and new lines).
 */
export type ColumnType =
  | { kind: "text"; max: number }
  | { kind: "localized"; field: string; language: Language; max: number }
  | { kind: "date" }
  | { kind: "datetime" }
  | { kind: "amount" }
  | { kind: "decimal" }
  | { kind: "integer"; min: number }
  | { kind: "boolean" }
  | { kind: "enum"; values: readonly string[]; labels: string }
  | { kind: "reference"; to: Reference }
  | { kind: "id" };

/**
 * How a cell names a row of another sheet:
 * - agreement: its reference (CONV-2024-007);
 * - organization: its name in any language, or its acronym (case and accents ignored);
 * - territory: its HCP code (04.441) or its name in any language;
 * - number: the row with this `number` in `sheet` within the same agreement (row numbers are
 *   given by whoever fills the sheet, 1, 2, 3… per agreement and sheet).
 */
export type Reference =
  | { kind: "agreement" }
  | { kind: "organization" }
  | { kind: "territory" }
  | { kind: "number"; sheet: SheetKey };

/**
 * Who sees a sheet's rows or a column:
 * - public: anyone who may read the agreement (the public reads public agreements only);
 * - inside: only those whose reading scope reaches the agreement's inside (staff and viewers, a
 *   party's focal point, a council it reaches; src/access/agreement-access.ts): committee,
 *   meetings, decisions, actions, values awaiting review, comments;
 * - contacts: organisations' contacts (personal data): staff and viewers.
 */
export type Audience = "public" | "inside" | "contacts";

export interface SpreadsheetColumn {
  /** stable key, written in row 1 of every sheet */
  key: string;
  type: ColumnType;
  /** must be filled on every row (for a localized part: at least one language of its field) */
  required: boolean;
  /** several values separated by ";" */
  list?: boolean;
  /** who sees this column; the sheet's audience when absent */
  audience?: Audience;
  /** the header people read (row 2 of an XLSX), in the reader's language */
  label: Trilingual;
  /** the data dictionary's explanation */
  meaning: Trilingual;
}

export const sheetKeys = [
  "organizations",
  "contacts",
  "agreements",
  "parties",
  "agreement_territories",
  "objectives",
  "commitments",
  "contributions",
  "amendments",
  "action_plans",
  "activities",
  "indicators",
  "indicator_values",
  "committee_members",
  "meetings",
  "decisions",
  "follow_up_actions",
] as const;
export type SheetKey = (typeof sheetKeys)[number];

export interface SheetLayout {
  /** the worksheet's name in an XLSX, the CSV file's name (`<key>.csv`): never translated */
  key: SheetKey;
  audience: Audience;
  label: Trilingual;
  meaning: Trilingual;
  columns: readonly SpreadsheetColumn[];
  /**
   * the columns that identify a row (unique in a file), what other sheets' references match;
   * empty when no sheet points to its rows
   */
  naturalKey: readonly string[];
}

/** Row 1: the stable column keys. An XLSX has a second header row, the labels; a CSV has not. */
export const headerRows = { xlsx: 2, csv: 1 } as const;
/** The separator of a list cell as written; an import also accepts "؛" and new lines. */
export const LIST_SEPARATOR = "; ";
export const booleanValues = { yes: "yes", no: "no" } as const;
/** Extra sheets of an XLSX that are no record kind, which an import skips. */
export const readMeSheet = "read_me";
export const listsSheet = "lists";

const languageNames: Record<Language, Trilingual> = {
  ar: { ar: "بالعربية", fr: "en arabe", en: "in Arabic" },
  fr: { ar: "بالفرنسية", fr: "en français", en: "in French" },
  en: { ar: "بالإنجليزية", fr: "en anglais", en: "in English" },
};

export function column(
  key: string,
  type: ColumnType,
  label: Trilingual,
  meaning: Trilingual,
  options: { required?: boolean; list?: boolean; audience?: Audience } = {},
): SpreadsheetColumn {
  return {
    key,
    type,
    required: options.required ?? false,
    ...(options.list ? { list: true } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
    label,
    meaning,
  };
}

/** A multilingual field as three columns, `<field>_ar`, `<field>_fr`, `<field>_en`. */
export function localized(
  field: string,
  max: number,
  label: Trilingual,
  meaning: Trilingual,
  options: { required?: boolean; audience?: Audience } = {},
): SpreadsheetColumn[] {
  return (["ar", "fr", "en"] as const).map((language) =>
    column(
      `${field}_${language}`,
      { kind: "localized", field, language, max },
      {
        ar: `${label.ar} (${languageNames[language].ar})`,
        fr: `${label.fr} (${languageNames[language].fr})`,
        en: `${label.en} (${languageNames[language].en})`,
      },
      {
        ar: `${meaning.ar} — ${languageNames[language].ar}.${options.required ? " لغة واحدة على الأقل مطلوبة." : ""}`,
        fr: `${meaning.fr} — ${languageNames[language].fr}.${options.required ? " Au moins une langue est requise." : ""}`,
        en: `${meaning.en} — ${languageNames[language].en}.${options.required ? " At least one language is required." : ""}`,
      },
      options,
    ),
  );
}

export const enumOf = (values: readonly string[], labels: string): ColumnType => ({
  kind: "enum",
  values,
  labels,
});
export const ref = (to: Reference): ColumnType => ({ kind: "reference", to });

export const idColumn = column(
  "id",
  { kind: "id" },
  { ar: "المعرّف", fr: "Identifiant", en: "Id" },
  {
    ar: "معرّف السجل في قاعدة البيانات، يملؤه التصدير. اتركه فارغا لسطر جديد.",
    fr: "Identifiant de l'enregistrement dans la base, rempli par l'export. Laisser vide pour une ligne nouvelle.",
    en: "The record's id in the database, filled by the export. Leave empty for a new row.",
  },
);

export const agreementColumn = column(
  "agreement",
  ref({ kind: "agreement" }),
  { ar: "مرجع الاتفاقية", fr: "Référence de la convention", en: "Agreement reference" },
  {
    ar: "مرجع الاتفاقية التي ينتمي إليها هذا السطر (ورقة agreements).",
    fr: "Référence de la convention à laquelle la ligne appartient (feuille agreements).",
    en: "Reference of the agreement this row belongs to (sheet agreements).",
  },
  { required: true },
);

export function numberColumn(what: Trilingual, key = "number"): SpreadsheetColumn {
  return column(
    key,
    { kind: "integer", min: 1 },
    { ar: "الرقم", fr: "Numéro", en: "Number" },
    {
      ar: `رقم ${what.ar} داخل الاتفاقية (1، 2، 3…)، تشير إليه الأوراق الأخرى؛ يحدد الترتيب أيضا.`,
      fr: `Numéro ${what.fr} dans la convention (1, 2, 3…), par lequel les autres feuilles la désignent ; donne aussi l'ordre.`,
      en: `Number of ${what.en} within the agreement (1, 2, 3…), by which other sheets point to it; also its order.`,
    },
    { required: true },
  );
}

export function organizationColumn(key: string, label: Trilingual, meaning: Trilingual, required = true) {
  return column(
    key,
    ref({ kind: "organization" }),
    label,
    {
      ar: `${meaning.ar} اسمها بأي لغة أو مختصرها (ورقة organizations).`,
      fr: `${meaning.fr} Son nom dans une langue ou son sigle (feuille organizations).`,
      en: `${meaning.en} Its name in any language or its acronym (sheet organizations).`,
    },
    { required },
  );
}

const dateMeaning = {
  ar: "تاريخ بصيغة YYYY-MM-DD.",
  fr: "Date au format AAAA-MM-JJ.",
  en: "A date as YYYY-MM-DD.",
} satisfies Trilingual;

export function dateColumn(
  key: string,
  label: Trilingual,
  meaning: Trilingual,
  required = false,
  audience?: Audience,
) {
  return column(
    key,
    { kind: "date" },
    label,
    {
      ar: `${meaning.ar} ${dateMeaning.ar}`,
      fr: `${meaning.fr} ${dateMeaning.fr}`,
      en: `${meaning.en} ${dateMeaning.en}`,
    },
    { required, ...(audience ? { audience } : {}) },
  );
}
