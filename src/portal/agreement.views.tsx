import type { Child } from "hono/jsx";
import { AgreementBody } from "../agreements/agreement-body.views.js";
import type { AgreementDetail } from "../agreements/agreements.queries.js";
import type { Translate } from "../shared/i18n.js";
import { type Language, textOf } from "../shared/localized.js";
import { untranslatedCount } from "../translations/completeness.js";
import { AgreementTranslationState } from "../translations/completeness.views.js";
import { Localized } from "../web/components.js";
import { Page } from "../web/layout.js";

/** The texts the agreement's public page shows, each of which should exist in the reader's language. */
const agreementTexts = (agreement: AgreementDetail) => [
  agreement.title,
  agreement.summary,
  ...agreement.objectives.map((objective) => objective.text),
  ...agreement.commitments.map((commitment) => commitment.text),
  ...agreement.amendments.map((amendment) => amendment.summary),
  ...agreement.parties.map((party) => party.organization.name),
];

export function AgreementPage({
  lang,
  t,
  agreement,
  extra,
}: {
  lang: Language;
  t: Translate;
  agreement: AgreementDetail;
  /** sections after the agreement's own (its public documents) */
  extra?: Child;
}) {
  const title = textOf(agreement.title, lang, agreement.reference);
  return (
    <Page lang={lang} t={t} title={title} section="agreements" here={`/agreements/${agreement.id}`}>
      <p>
        <a href={`/${lang}/agreements`}>{t("agreement.backToCatalogue")}</a>
      </p>
      <h1>
        <Localized value={agreement.title} notice="full" />
      </h1>
      <AgreementTranslationState
        missing={untranslatedCount(agreementTexts(agreement), lang)}
        lang={lang}
        t={t}
      />
      <AgreementBody agreement={agreement} workspace={false} />
      <p>
        <a href={`/${lang}/agreements/${agreement.id}/calendar.ics`}>{t("calendar.publicLink")}</a>
      </p>
      <p>
        <a href={`/${lang}/agreements/${agreement.id}.pdf`} type="application/pdf">
          {t("reports.printSheet")}
        </a>
      </p>
      {extra}
    </Page>
  );
}
