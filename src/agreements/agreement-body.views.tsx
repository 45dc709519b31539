import { formatDate, formatNumber, listSeparator } from "../shared/i18n.js";
import { type Language, pickText } from "../shared/localized.js";
import { Localized, TableScroll } from "../web/components.js";
import { usePage } from "../web/page-context.js";
import { workspacePath } from "../web/paths.js";
import { AgreementMeta } from "./agreement-card.views.js";
import { agreementPaths } from "./agreements.paths.js";
import type { AgreementDetail } from "./agreements.queries.js";

function DateValue({ value }: { value: string | null }) {
  const { lang, t } = usePage();
  return <>{value ? formatDate(lang, value) : t("agreement.notRecorded")}</>;
}

/**
 * Where the page links a party, a place and a related agreement: in the portal, its public pages;
 * in the workspace, the workspace's (the portal hides internal agreements, and a person at work
 * should not be sent out of it).
 */
function bodyLinks(lang: Language, workspace: boolean) {
  return workspace
    ? {
        partner: (id: string) => workspacePath(lang, `/organizations/${id}`),
        territory: (code: string) =>
          agreementPaths.list(lang, new URLSearchParams({ territory: code }).toString()),
        agreement: (id: string) => agreementPaths.workspace(lang, id),
      }
    : {
        partner: (id: string) => `/${lang}/agreements?partner=${id}`,
        territory: (code: string) => `/${lang}/territories/${code}`,
        agreement: (id: string) => `/${lang}/agreements/${id}`,
      };
}
type BodyLinks = ReturnType<typeof bodyLinks>;

/**
 * Everything an agreement page shows under its title; the portal and the workspace both use it.
 * The workspace shows it in two of its page's sections (`part`): the overview, then the parties
 * with their commitments and contributions.
 */
export function AgreementBody({
  agreement,
  workspace,
  part,
}: {
  agreement: AgreementDetail;
  workspace: boolean;
  part?: "overview" | "parties";
}) {
  const { lang, t } = usePage();
  const shows = { overview: !part || part === "overview", parties: !part || part === "parties" };
  const links = bodyLinks(lang, workspace);
  const organizationName = (id: string) => {
    const party = agreement.parties.find((entry) => entry.organization.id === id);
    return party ? <Localized value={party.organization.name} /> : id;
  };
  const summaryShown = Boolean(pickText(agreement.summary, lang));
  return (
    <>
      {shows.overview ? <AgreementMeta agreement={agreement} /> : null}
      {shows.overview && summaryShown ? (
        <section aria-labelledby="summary-heading">
          <h2 id="summary-heading">{t("agreement.summary")}</h2>
          <p>
            <Localized value={agreement.summary} notice="full" />
          </p>
        </section>
      ) : null}

      {shows.parties ? (
        <section aria-labelledby="parties-heading">
          <h2 id="parties-heading">{t("agreement.parties")}</h2>
          <TableScroll label={t("agreement.parties")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("agreement.partner")}</th>
                  <th scope="col">{t("partners.kind")}</th>
                  <th scope="col">{t("agreement.role")}</th>
                </tr>
              </thead>
              <tbody>
                {agreement.parties.map((party) => (
                  <tr>
                    <td>
                      <a href={links.partner(party.organization.id)}>
                        <Localized value={party.organization.name} />
                      </a>
                      {party.organization.acronym ? (
                        <>
                          {" "}
                          (<bdi>{party.organization.acronym}</bdi>)
                        </>
                      ) : null}
                    </td>
                    <td>{t(`orgKind.${party.organization.kind}`)}</td>
                    <td>{t(`role.${party.role}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}

      {shows.overview ? (
        <section aria-labelledby="objectives-heading">
          <h2 id="objectives-heading">{t("agreement.objectives")}</h2>
          {agreement.objectives.length ? (
            <ol class="objectives">
              {agreement.objectives.map((objective) => (
                <li>
                  <Localized value={objective.text} />
                </li>
              ))}
            </ol>
          ) : (
            <p>{t("agreement.noObjectives")}</p>
          )}
        </section>
      ) : null}

      {shows.parties && agreement.commitments.length ? (
        <section aria-labelledby="commitments-heading">
          <h2 id="commitments-heading">{t("agreement.commitments")}</h2>
          <ul>
            {agreement.commitments.map((commitment) => (
              <li>
                <strong>{organizationName(commitment.organizationId)}</strong>
                {" — "}
                <Localized value={commitment.text} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {shows.parties && agreement.contributions.length ? (
        <section aria-labelledby="contributions-heading">
          <h2 id="contributions-heading">{t("agreement.contributions")}</h2>
          <TableScroll label={t("agreement.contributions")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("agreement.partner")}</th>
                  <th scope="col" class="number">
                    {t("agreement.amount")}
                  </th>
                  <th scope="col">{t("agreement.nature")}</th>
                </tr>
              </thead>
              <tbody>
                {agreement.contributions.map((contribution) => (
                  <tr>
                    <td>{organizationName(contribution.organizationId)}</td>
                    <td class="number">
                      {formatNumber(lang, Number(contribution.amount), {
                        style: "currency",
                        currency: contribution.currency,
                      })}
                    </td>
                    <td>{t(`nature.${contribution.nature}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}

      {shows.overview ? (
        <section aria-labelledby="dates-heading">
          <h2 id="dates-heading">{t("agreement.dates")}</h2>
          <dl class="facts">
            <dt>{t("agreement.signedOn")}</dt>
            <dd>
              <DateValue value={agreement.signedOn} />
            </dd>
            <dt>{t("agreement.effectiveOn")}</dt>
            <dd>
              <DateValue value={agreement.effectiveOn} />
            </dd>
            <dt>{t("agreement.expiresOn")}</dt>
            <dd>
              <DateValue value={agreement.expiresOn} />
            </dd>
            {agreement.durationMonths ? (
              <>
                <dt>{t("agreement.duration")}</dt>
                <dd>{t("agreement.durationMonths", { count: agreement.durationMonths })}</dd>
              </>
            ) : null}
            <dt>{t("agreement.renewal")}</dt>
            <dd>
              {t(`renewal.${agreement.renewal}`)}
              {agreement.renewal === "tacit" && agreement.renewalNoticeDays !== null
                ? ` (${t("agreement.renewalNotice", { count: agreement.renewalNoticeDays })})`
                : ""}
            </dd>
            <dt>{t("agreement.scope")}</dt>
            <dd>
              {agreement.national
                ? t("agreement.national")
                : agreement.territories.map((territory, index) => (
                    <>
                      {index ? listSeparator(lang) : ""}
                      <a href={links.territory(territory.code)}>
                        <Localized value={territory.name} />
                      </a>
                    </>
                  ))}
            </dd>
            {agreement.themes.length ? (
              <>
                <dt>{t("agreement.themes")}</dt>
                <dd>{agreement.themes.map((theme) => t(`theme.${theme}`)).join(listSeparator(lang))}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}

      {shows.overview && agreement.amendments.length ? (
        <section aria-labelledby="amendments-heading">
          <h2 id="amendments-heading">{t("agreement.amendments")}</h2>
          <ul>
            {agreement.amendments.map((amendment) => (
              <li>
                {formatDate(lang, amendment.signedOn)} — <Localized value={amendment.summary} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {shows.overview ? (
        <>
          <RelatedAgreements
            id="parent"
            title={t("agreement.parent")}
            items={agreement.parent ? [agreement.parent] : []}
            links={links}
          />
          <RelatedAgreements
            id="children"
            title={t("agreement.children")}
            items={agreement.children}
            links={links}
          />
        </>
      ) : null}
    </>
  );
}

function RelatedAgreements({
  id,
  title,
  items,
  links,
}: {
  id: string;
  title: string;
  items: { id: string; title: AgreementDetail["title"] }[];
  links: BodyLinks;
}) {
  if (!items.length) return null;
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      <ul>
        {items.map((related) => (
          <li>
            <a href={links.agreement(related.id)}>
              <Localized value={related.title} />
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
