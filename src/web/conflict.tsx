import { TableScroll } from "./components.js";
import { sayValue, type ValueWords, valueKindOf } from "./field-values.js";
import { usePage } from "./page-context.js";

export interface ConflictRow {
  label: string;
  theirs: string;
  yours: string;
}

/**
 * How the conflict panel says a form's value for one field of a record of this type: as the
 * audit log and the histories say it (web/field-values.ts): a date in the reader's locale, a
 * choice by its label, an amount with its currency; a dash when the field is empty.
 */
export function conflictValues(entityType: string, words: ValueWords) {
  return (field: string, value: string | number | boolean | null | undefined, currency?: string): string =>
    value === undefined || value === null || value === ""
      ? "—"
      : sayValue(value, valueKindOf(entityType, field), words, { currency });
}

/**
 * Shown when a save is refused because someone else saved first: both versions side by side,
 * differing fields marked, nothing lost (the form below it still holds the user's values).
 */
export function ConflictPanel({ version, rows }: { version: number; rows: ConflictRow[] }) {
  const { t } = usePage();
  return (
    <section class="conflict" role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title">{t("workspace.conflict.title")}</h2>
      <p>{t("workspace.conflict.intro")}</p>
      <TableScroll>
        <table class="data">
          <thead>
            <tr>
              <th scope="col">{t("workspace.conflict.field")}</th>
              <th scope="col">{t("workspace.conflict.theirs", { version })}</th>
              <th scope="col">{t("workspace.conflict.yours")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr class={row.theirs === row.yours ? undefined : "differs"}>
                <th scope="row">{row.label}</th>
                <td>{row.theirs}</td>
                <td>{row.yours}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
