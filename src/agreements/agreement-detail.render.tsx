import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { SearchQuery } from "../search/query.js";
import { type AppError, notFound } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import { type LocalizedText, textOf } from "../shared/localized.js";
import { ConflictPanel } from "../web/conflict.js";
import type { AppEnv } from "../web/context.js";
import { renderWorkspace } from "../web/page.js";
import { AgreementWorkspacePage, OwnCommitmentsForm } from "./agreement-page.views.js";
import { type AgreementSection, agreementSections, type FollowUpSection } from "./agreement-sections.js";
import { agreementTrail } from "./agreement-trail.js";
import type { FollowUpFilter } from "./agreements.filters.js";
import { type AgreementDetail, type AgreementListItem, getAgreementDetail } from "./agreements.queries.js";

/**
 * What an agreement's pages show from the modules that follow it up (documents, health,
 * activities, indicators, meetings). Those modules depend on this one, so the workspace,
 * which mounts them all, hands them in; the pages read them in this order.
 */
export interface AgreementPageParts {
  documents(c: Context<AppEnv>, agreementId: string): Promise<Child>;
  /** the text of a notice the documents section left (`?notice=…`), if it is one of its own */
  documentNotice(t: Translate, notice: string | undefined): string | undefined;
  health(c: Context<AppEnv>, agreement: AgreementDetail): Promise<Child>;
  /**
   * the follow-up sections, in page order, each named by its section of the page (`shows`:
   * whether the actor gets the section at all, asked without rendering it, for the page's menu)
   */
  followUp: {
    section: FollowUpSection;
    render: (c: Context<AppEnv>, agreement: AgreementDetail) => Promise<Child>;
    shows?: (c: Context<AppEnv>, agreement: AgreementDetail) => Promise<boolean>;
  }[];
  /**
   * the list of agreements, each with its health when the reader may see it (`followed`: the
   * follow-up standings were just read for this list: their health is taken from them)
   */
  table(
    c: Context<AppEnv>,
    items: AgreementListItem[],
    highlight?: SearchQuery,
    followed?: boolean,
  ): Promise<Child>;
  /** the agreements (ids) in the reader's scope answering the list's follow-up filters, as the dashboard counts them */
  followUpSelection(c: Context<AppEnv>, filter: FollowUpFilter): Promise<string[]>;
}

/**
 * An agreement's workspace page. After a refused commitments save it keeps the focal point's
 * texts (`ownTexts`), with the error, or with the saved commitments beside them when stale.
 */
export async function renderDetail(
  c: Context<AppEnv>,
  parts: AgreementPageParts,
  id: string,
  refused:
    | { status: number; ownTexts: LocalizedText[]; error?: AppError; stale: boolean }
    | undefined = undefined,
  only?: AgreementSection,
) {
  const { db, actor, lang, t } = c.var;
  const agreement = await getAgreementDetail({ db, actor, id });
  // Only what the page shows is read: one section's page reads that section alone.
  const wanted = (section: AgreementSection) => !only || only === section;
  const documents = wanted("documents") ? await parts.documents(c, agreement.id) : undefined;
  // One after the other: on PGlite every query waits for the one connection anyway.
  const health = wanted("overview") ? await parts.health(c, agreement) : undefined;
  const followUp: Partial<Record<FollowUpSection, Child>> = {};
  const absent = new Set<AgreementSection>();
  for (const part of parts.followUp) {
    if (part.shows && !(await part.shows(c, agreement))) absent.add(part.section);
    else if (wanted(part.section)) followUp[part.section] = await part.render(c, agreement);
    if (!only && followUp[part.section] == null) absent.add(part.section);
  }
  if (!only && documents == null) absent.add("documents");
  if (only && absent.has(only)) throw notFound("Section", only);
  const available = agreementSections.filter((section) => !absent.has(section));
  const own =
    actor.role === "focal_point" && actor.organizationId
      ? agreement.parties.find((party) => party.organization.id === actor.organizationId)
      : undefined;
  const saved = agreement.commitments.filter((item) => item.organizationId === own?.organization.id);
  const texts = (values: LocalizedText[]) => values.map((text) => textOf(text, lang)).join("\n");
  const title = textOf(agreement.title, lang, agreement.reference);
  const sectionName = only ? t(`shell.sections.${only}`) : undefined;
  return renderWorkspace(c, {
    title: sectionName ? `${sectionName} · ${title}` : title,
    section: "agreements",
    status: refused?.status,
    trail: agreementTrail({ lang, t, agreement, page: sectionName }),
    children: (
      <AgreementWorkspacePage
        actor={actor}
        agreement={agreement}
        available={available}
        only={only}
        notice={noticeText(c) ?? parts.documentNotice(t, c.req.query("notice"))}
        documents={documents}
        health={health}
        followUp={followUp}
        ownCommitments={
          own && actor.tokenScope !== "read" ? (
            <>
              {refused?.stale ? (
                <ConflictPanel
                  version={agreement.version}
                  rows={[
                    {
                      label: t("agreement.commitments"),
                      theirs: texts(saved.map((item) => item.text)),
                      yours: texts(refused.ownTexts),
                    },
                  ]}
                />
              ) : null}
              <OwnCommitmentsForm
                agreement={agreement}
                organizationId={own.organization.id}
                organizationName={textOf(own.organization.name, lang)}
                values={refused?.ownTexts}
                error={refused?.error}
              />
            </>
          ) : undefined
        }
      />
    ),
  });
}

export const noticeText = (c: Context<AppEnv>) => {
  const notice = c.req.query("notice");
  return notice && /^[a-z-]{1,40}$/.test(notice)
    ? c.var.t(`agreementForm.notices.${notice}`, { defaultValue: "" }) || undefined
    : undefined;
};
