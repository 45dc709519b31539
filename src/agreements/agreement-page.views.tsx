import type { Child } from "hono/jsx";
import { agreementPolicy } from "../access/agreement-access.js";
import type { Actor } from "../shared/actor.js";
import type { AppError } from "../shared/errors.js";
import type { LocalizedText } from "../shared/localized.js";
import { Localized } from "../web/components.js";
import { ErrorSummary, FieldErrorsScope, fieldErrorsFrom } from "../web/field-errors.js";
import { ConfirmBox, LocalizedInputs, SelectControl } from "../web/forms.js";
import { Notice } from "../web/page.js";
import { usePage } from "../web/page-context.js";
import { AgreementBody } from "./agreement-body.views.js";
import type { AgreementSection, FollowUpSection } from "./agreement-sections.js";
import { agreementPaths } from "./agreements.paths.js";
import type { AgreementDetail } from "./agreements.queries.js";
import { allowedTransitions } from "./lifecycle.js";

/**
 * The workspace page of one agreement: its record, its follow-up and what the actor may do, in
 * sections (agreement-sections.ts) under an "On this page" menu; with `only`, that one section
 * as a page of its own, the menu then linking to the others' pages.
 */
export function AgreementWorkspacePage({
  actor,
  agreement,
  notice,
  documents,
  ownCommitments,
  health,
  followUp,
  available,
  only,
}: {
  actor: Actor;
  agreement: AgreementDetail;
  notice?: string;
  documents?: Child;
  /** a focal point's form for its own organisation's commitments */
  ownCommitments?: Child;
  /** the agreement's health and figures, at the top of its overview */
  health?: Child;
  /** the action plan, indicators, committee and meetings */
  followUp?: Partial<Record<FollowUpSection, Child>>;
  /** the sections this page has for the actor, in page order */
  available: readonly AgreementSection[];
  /** the one section shown */
  only?: AgreementSection;
}) {
  const { lang, t } = usePage();
  const base = agreementPaths.workspace(lang, agreement.id);
  const canEdit = agreementPolicy.canEdit(actor) && actor.tokenScope !== "read";
  const content = (section: AgreementSection): Child => {
    switch (section) {
      case "overview":
        return (
          <>
            {health}
            {canEdit ? <AgreementLifecycle agreement={agreement} /> : null}
            <AgreementBody agreement={agreement} workspace part="overview" />
          </>
        );
      case "parties":
        return (
          <>
            {ownCommitments}
            <AgreementBody agreement={agreement} workspace part="parties" />
          </>
        );
      case "documents":
        return documents ? (
          <section aria-labelledby="documents-heading">
            <h2 id="documents-heading">{t("agreementForm.documents")}</h2>
            {documents}
          </section>
        ) : null;
      case "history":
        return (
          <section aria-labelledby="history-heading">
            <h2 id="history-heading">{t("shell.sections.history")}</h2>
            <p>{t("shell.historyIntro")}</p>
            <p>
              <a href={agreementPaths.history(lang, agreement.id)}>{t("shell.historyLink")}</a>
            </p>
          </section>
        );
      default:
        return followUp?.[section];
    }
  };
  const shown = only ? [only] : available;
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
      <PageSections base={base} available={available} only={only} />
      {shown.map((section) => (
        <div id={`section-${section}`} class="page-section">
          {content(section)}
        </div>
      ))}
    </>
  );
}

/**
 * The page's "On this page" menu: on the whole page, links to its sections' anchors, each
 * followed by its own page; on one section's page, links to the others' pages and the whole page.
 */
function PageSections({
  base,
  available,
  only,
}: {
  base: string;
  available: readonly AgreementSection[];
  only?: AgreementSection;
}) {
  const { t } = usePage();
  return (
    <nav class="page-sections" aria-labelledby="page-sections-heading">
      <h2 id="page-sections-heading">{t("shell.onThisPage")}</h2>
      <ul>
        {available.map((section) => (
          <li>
            <a
              href={only ? `${base}?section=${section}` : `#section-${section}`}
              aria-current={section === only ? "page" : undefined}
            >
              {t(`shell.sections.${section}`)}
            </a>
          </li>
        ))}
      </ul>
      {only ? (
        <p>
          {t("shell.oneSection", { section: t(`shell.sections.${only}`) })}{" "}
          <a href={base}>{t("shell.wholePage")}</a>
        </p>
      ) : null}
    </nav>
  );
}

/** Changing the agreement's status, publishing it, deleting a draft: for those who edit agreements. */
function AgreementLifecycle({ agreement }: { agreement: AgreementDetail }) {
  const { lang, t } = usePage();
  const base = agreementPaths.workspace(lang, agreement.id);
  const next = allowedTransitions[agreement.status];
  return (
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
      <p>{agreement.visibility === "public" ? t("agreementForm.isPublic") : t("agreementForm.isInternal")}</p>
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
  );
}

/** A focal point's form for the commitments of its own organisation. */
export function OwnCommitmentsForm({
  agreement,
  organizationId,
  organizationName,
  values,
  error,
}: {
  agreement: AgreementDetail;
  organizationId: string;
  organizationName: string;
  /** what the person typed, when a save was refused; otherwise the saved commitments */
  values?: LocalizedText[];
  /**
   * Why the save was refused. Its issues name the posted texts' rows ("commitments.0.fr"), and
   * the rows shown again are those texts in that order, so each lands beside its own input.
   */
  error?: AppError;
}) {
  const { lang, t } = usePage();
  const own = agreement.commitments.filter((item) => item.organizationId === organizationId);
  const rows = [...(values ?? own.map((item) => item.text)), {}, {}];
  const errors = fieldErrorsFrom(error, t);
  return (
    <section aria-labelledby="own-commitments-heading">
      <h2 id="own-commitments-heading">
        {t("agreementForm.ownCommitments", { organization: organizationName })}
      </h2>
      <FieldErrorsScope errors={errors}>
        <ErrorSummary errors={errors} />
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
      </FieldErrorsScope>
    </section>
  );
}
