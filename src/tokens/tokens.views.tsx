import type { AppError } from "../shared/errors.js";
import { formatDateTime } from "../shared/i18n.js";
import { DateTime, TableScroll } from "../web/components.js";
import { ErrorSummary, FieldErrorsScope, fieldErrorsFrom, marksOf } from "../web/field-errors.js";
import { usePage } from "../web/page-context.js";
import type { ApiTokenRow } from "./tokens.service.js";

function TokenState({ token, now }: { token: ApiTokenRow; now: Date }) {
  const { lang, t } = usePage();
  if (token.revokedAt) {
    return <>{t("tokens.state.revoked", { date: formatDateTime(lang, token.revokedAt) })}</>;
  }
  if (token.expiresAt && token.expiresAt <= now) return <>{t("tokens.state.expired")}</>;
  return <>{t("tokens.state.active")}</>;
}

export function TokenTable({ tokens, now = new Date() }: { tokens: ApiTokenRow[]; now?: Date }) {
  const { lang, t } = usePage();
  if (!tokens.length) return <p>{t("tokens.empty")}</p>;
  return (
    <TableScroll label={t("workspace.nav.tokens")}>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{t("tokens.columns.name")}</th>
            <th scope="col">{t("tokens.columns.prefix")}</th>
            <th scope="col">{t("tokens.columns.scope")}</th>
            <th scope="col">{t("tokens.columns.created")}</th>
            <th scope="col">{t("tokens.columns.lastUsed")}</th>
            <th scope="col">{t("tokens.columns.expires")}</th>
            <th scope="col">{t("tokens.columns.state")}</th>
            <th scope="col">{t("tokens.columns.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr>
              <td>{token.name}</td>
              <td>
                <code dir="ltr">{token.prefix}…</code>
              </td>
              <td>{t(`tokens.scope.${token.scope}`)}</td>
              <td>
                <DateTime value={token.createdAt} />
              </td>
              <td>{token.lastUsedAt ? <DateTime value={token.lastUsedAt} /> : t("tokens.never")}</td>
              <td>{token.expiresAt ? <DateTime value={token.expiresAt} /> : t("tokens.noExpiry")}</td>
              <td>
                <TokenState token={token} now={now} />
              </td>
              <td>
                {token.revokedAt ? null : (
                  <a
                    class="button secondary"
                    href={`/${lang}/workspace/account/tokens/${token.id}/revoke`}
                    aria-label={t("tokens.revokeLabel", { name: token.name })}
                  >
                    {t("tokens.revoke")}
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export interface TokenFormValues {
  name?: string;
  scope?: string;
  expiresInDays?: string;
}

export function TokenForm({ values, error }: { values: TokenFormValues; error?: AppError }) {
  const { lang, t } = usePage();
  const scope = values.scope === "write" ? "write" : "read";
  const errors = fieldErrorsFrom(error, t);
  const name = marksOf(errors, "name");
  const scopeMarks = marksOf(errors, "scope");
  const expiry = marksOf(errors, "expiresInDays", "expiresInDays-hint");
  return (
    <section aria-labelledby="create-token">
      <h2 id="create-token">{t("tokens.createTitle")}</h2>
      <FieldErrorsScope errors={errors}>
        <ErrorSummary errors={errors} />
        <form method="post" action={`/${lang}/workspace/account/tokens`} class="stacked">
          <label for="name">{t("tokens.labels.name")}</label>
          <input
            id="name"
            name="name"
            required
            maxlength={100}
            autocomplete="off"
            value={values.name ?? ""}
            {...name.attrs}
          />
          {name.note}
          <fieldset
            id="scope"
            aria-describedby={scopeMarks.attrs["aria-describedby"]}
            aria-invalid={scopeMarks.attrs["aria-invalid"]}
          >
            <legend>{t("tokens.labels.scope")}</legend>
            {scopeMarks.note}
            {(["read", "write"] as const).map((option) => (
              <div>
                <input
                  type="radio"
                  id={`scope-${option}`}
                  name="scope"
                  value={option}
                  checked={scope === option}
                />{" "}
                <label for={`scope-${option}`}>{t(`tokens.scope.${option}`)}</label>
              </div>
            ))}
          </fieldset>
          <label for="expiresInDays">{t("tokens.labels.expiresInDays")}</label>
          <input
            id="expiresInDays"
            name="expiresInDays"
            type="number"
            min={1}
            max={730}
            inputmode="numeric"
            value={values.expiresInDays ?? ""}
            {...expiry.attrs}
          />
          <small id="expiresInDays-hint">{t("tokens.hints.expiresInDays")}</small>
          {expiry.note}
          <button type="submit" class="button">
            {t("tokens.create")}
          </button>
        </form>
      </FieldErrorsScope>
    </section>
  );
}

/** The new token's secret, shown on this one answer only. */
export function NewSecret({ name, secret }: { name: string; secret: string }) {
  const { t } = usePage();
  return (
    <section class="notice" role="status" aria-labelledby="new-token">
      <h2 id="new-token">{t("tokens.createdTitle", { name })}</h2>
      <p>
        <strong>{t("tokens.copyNow")}</strong>
      </p>
      <p class="secret" dir="ltr">
        <code>{secret}</code>
      </p>
      <p>{t("tokens.usage")}</p>
    </section>
  );
}
