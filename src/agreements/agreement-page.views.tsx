import type { Child } from "hono/jsx";
import { agreementPolicy } from "../access/agreement-access.js";
import type { Actor } from "../shared/actor.js";
import type { LocalizedText } from "../shared/localized.js";
import { Localized } from "../web/components.js";
import { ConfirmBox, LocalizedInputs, SelectControl } from "../web/forms.js";
import { Notice } from "../web/page.js";
import { usePage } from "../web/page-context.js";
import { AgreementBody } from "./agreement-body.views.js";
import { agreementPaths } from "./agreements.paths.js";
import type { AgreementDetail } from "./agreements.queries.js";
import { allowedTransitions } from "./lifecycle.js";

/** The workspace page of one agreement: its record, and what the actor may do with it. */
export function AgreementWorkspacePage({
  actor,
  agreement,
  notice,
  documents,
  ownCommitments,
  health,
  followUp,
}: {
  actor: Actor;
  agreement: AgreementDetail;
  notice?: string;
  documents?: Child;
  /** a focal point's form for its own organisation's commitments */
  ownCommitments?: Child;
  /** the agreement's health and figures, under its title */
  health?: Child;
  /** the action plan, indicators, committee and meetings, after its record */
  followUp?: Child;
}) {
  const { lang, t } = usePage();
  const base = agreementPaths.workspace(lang, agreement.id);
  const canEdit = agreementPolicy.canEdit(actor) && actor.tokenScope !== "read";
  const next = allowedTransitions[agreement.status];
  return (
    <>
      <p>
        <a href={agreementPaths.list(lang)}>{t("agreement.backToCatalogue")}</a>
      </p>
      <Notice text={notice} />
      <h1>
        <Localized value={agreement.title} notice="full" />
      </h1>
      <p class="meta">
        <bdi>{agreement.reference}</bdi> · {t(`visibility.${agreement.visibility}`)} ·{" "}
        {t("agreementForm.versionLabel", { version: agreement.version })}
      </p>
      <div class="actions">
        {canEdit ? (
          <a class="button" href={`${base}/edit`}>
            {t("workspace.edit")}
          </a>
        ) : null}
        <a href={agreementPaths.history(lang, agreement.id)}>{t("workspace.history")}</a>
        <a href={`${base}.pdf`} type="application/pdf">
          {t("reports.printSheet")}
        </a>
        {agreement.visibility === "public" ? (
          <a href={`/${lang}/agreements/${agreement.id}`}>{t("agreementForm.seeOnPortal")}</a>
        ) : null}
      </div>
      {health}
      {canEdit ? (
        <section aria-labelledby="lifecycle-heading">
          <h2 id="lifecycle-heading">{t("agreementForm.lifecycle")}</h2>
          {next.length ? (
            <form method="post" action={`${base}/status`} class="stacked">
              <input type="hidden" name="version" value={String(agreement.version)} />
              <label for="to">{t("agreementForm.to")}</label>
              <SelectControl
                id="to"
                name="to"
                options={next.map((status) => ({ value: status, label: t(`status.${status}`) }))}
              />
              <label for="transition-signedOn">{t("agreementForm.signatureDate")}</label>
              <input id="transition-signedOn" name="signedOn" type="date" value={agreement.signedOn ?? ""} />
              <ConfirmBox />
              <button type="submit" class="button">
                {t("agreementForm.changeStatus")}
              </button>
            </form>
          ) : (
            <p>{t("agreementForm.noTransition")}</p>
          )}
          <h2 id="publication-heading">{t("agreementForm.publication")}</h2>
          <p>
            {agreement.visibility === "public" ? t("agreementForm.isPublic") : t("agreementForm.isInternal")}
          </p>
          <form method="post" action={`${base}/visibility`}>
            <input type="hidden" name="version" value={String(agreement.version)} />
            <input
              type="hidden"
              name="visibility"
              value={agreement.visibility === "public" ? "internal" : "public"}
            />
            <button type="submit" class="button secondary">
              {agreement.visibility === "public" ? t("agreementForm.unpublish") : t("agreementForm.publish")}
            </button>
          </form>
          {agreement.status === "draft" ? (
            <p class="actions">
              <a class="button secondary" href={`${base}/delete`}>
                {t("agreementForm.deleteDraft")}
              </a>
              <small>{t("agreementForm.deleteHint")}</small>
            </p>
          ) : null}
        </section>
      ) : null}
      {ownCommitments}
      <AgreementBody agreement={agreement} workspace />
      {followUp}
      {documents ? (
        <section aria-labelledby="documents-heading">
          <h2 id="documents-heading">{t("agreementForm.documents")}</h2>
          {documents}
        </section>
      ) : null}
    </>
  );
}

/** A focal point's form for the commitments of its own organisation. */
export function OwnCommitmentsForm({
  agreement,
  organizationId,
  organizationName,
  values,
}: {
  agreement: AgreementDetail;
  organizationId: string;
  organizationName: string;
  /** what the person typed, when a save was refused; otherwise the saved commitments */
  values?: LocalizedText[];
}) {
  const { lang, t } = usePage();
  const own = agreement.commitments.filter((item) => item.organizationId === organizationId);
  const rows = [...(values ?? own.map((item) => item.text)), {}, {}];
  return (
    <section aria-labelledby="own-commitments-heading">
      <h2 id="own-commitments-heading">
        {t("agreementForm.ownCommitments", { organization: organizationName })}
      </h2>
      <form method="post" action={agreementPaths.commitments(lang, agreement.id)} class="stacked">
        <input type="hidden" name="version" value={String(agreement.version)} />
        {rows.map((text, index) => (
          <LocalizedInputs
            name={`commitments.${index}`}
            label={t("agreementForm.commitmentN", { n: index + 1 })}
            value={text}
            multiline
            maxLength={4000}
          />
        ))}
        <button type="submit" class="button">
          {t("agreementForm.saveCommitments")}
        </button>
      </form>
    </section>
  );
}
