import { usePage } from "./page-context.js";

export interface ConflictRow {
  label: string;
  theirs: string;
  yours: string;
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
    </section>
  );
}
