import { type Context, Hono } from "hono";
import { z } from "zod";
import { agreementPolicy, assertCanWriteAgreements, readableVisibility } from "../access/agreement-access.js";
import { agreementStatuses } from "../db/schema/index.js";
import { parseSearchQuery } from "../search/query.js";
import { AppError, notFound } from "../shared/errors.js";
import { type LocalizedText, textOf } from "../shared/localized.js";
import { blankToUndefined, parseInput } from "../shared/validation.js";
import { listTerritories } from "../territories/territories.service.js";
import { Pager } from "../web/components.js";
import { renderConfirmStep } from "../web/confirm-deletion.js";
import { ConflictPanel } from "../web/conflict.js";
import type { AppEnv } from "../web/context.js";
import { saveOrReshow } from "../web/form-save.js";
import { assertConfirmed, localizedField, readFormBody, textField } from "../web/forms.js";
import { Notice, renderWorkspace } from "../web/page.js";
import { recordParam } from "../web/params.js";
import { addressQuery } from "../web/paths.js";
import { parsePageQuery } from "../web/validation.js";
import { type AgreementPageParts, noticeText, renderDetail } from "./agreement-detail.render.js";
import { formChoices, renderForm, resolveParent } from "./agreement-form.render.js";
import { ExportLinks, FollowUpFilterLine, WorkspaceListFilters } from "./agreement-list.views.js";
import { answerOrganizationStep } from "./agreement-organization.routes.js";
import { proposeAgreementReference } from "./agreement-reference.queries.js";
import { agreementPageQuery } from "./agreement-sections.js";
import { conflictRows } from "./agreements.conflict.js";
import { agreementFilterSchema, type FollowUpFilter, workspaceListShape } from "./agreements.filters.js";
import {
  agreementFormFrom,
  agreementInputFrom,
  applyRowIntent,
  newAgreementForm,
  objectiveIdsFrom,
  readAgreementForm,
} from "./agreements.form.js";
import { agreementPaths } from "./agreements.paths.js";
import { getAgreementDetail, listAgreements } from "./agreements.queries.js";
import { createAgreement, transitionAgreement } from "./agreements.service.js";
import {
  deleteAgreement,
  setAgreementVisibility,
  updateAgreement,
  updatePartyCommitments,
} from "./agreements.update.service.js";
import { needsConfirmationStep } from "./lifecycle.js";

const listQuery = agreementFilterSchema.extend(workspaceListShape);
const PAGE_SIZE = 50;
const versionField = z.coerce.number().int().min(1);
const transitionForm = z.object({
  to: z.enum(agreementStatuses),
  signedOn: z.preprocess(blankToUndefined, z.string().optional()),
  version: versionField,
});
type Body = Record<string, string | File | (string | File)[]>;

/** Every form field the page sends, repeated names as arrays. */
const formBody = async (c: Context<AppEnv>) => (await readFormBody(c, { all: true })) as Body;

function agreementId(c: Context<AppEnv>): string {
  return recordParam(c, "id", "Agreement");
}

/** Workspace pages for agreements: list, create, edit, lifecycle, publication, a focal point's commitments. */
export function agreementWorkspaceRoutes(parts: AgreementPageParts): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/agreements", async (c) => {
    const { db, actor, lang, t } = c.var;
    const query = parsePageQuery(listQuery, c.req.query(), t);
    const { page, health, due, late, mine, sort, ...filter } = query;
    const followUp: FollowUpFilter = { health, deadlineWithin: due, late };
    const ids = Object.values(followUp).some((value) => value !== undefined)
      ? await parts.followUpSelection(c, followUp)
      : undefined;
    const [result, territories] = await Promise.all([
      listAgreements({
        db,
        actor,
        filter: { ...filter, ids, inside: mine ? true : undefined },
        sort,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      }),
      listTerritories({ db }),
    ]);
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    if (page > pages) throw notFound("Page", page);
    const listed = (page: number) => `${agreementPaths.list(lang)}${addressQuery({ ...query, page })}`;
    return renderWorkspace(c, {
      title: t("agreementForm.listTitle"),
      section: "agreements",
      children: (
        <>
          <h1>{t("agreementForm.listTitle")}</h1>
          <Notice text={noticeText(c)} />
          {agreementPolicy.canCreate(actor) && actor.tokenScope !== "read" ? (
            <p>
              <a class="button" href={agreementPaths.new(lang)}>
                {t("agreementForm.new")}
              </a>{" "}
              <a href={agreementPaths.read(lang)}>{t("reading.upload.link")}</a>
            </p>
          ) : null}
          <WorkspaceListFilters
            query={query}
            territories={territories}
            offerMine={readableVisibility(actor) === undefined}
          />
          <FollowUpFilterLine filter={followUp} mine={Boolean(mine)} />
          <p>{t("catalogue.results", { count: result.total })}</p>
          <ExportLinks
            xlsx={agreementPaths.export(lang, "xlsx", addressQuery({ ...query, page: undefined }).slice(1))}
            csv={agreementPaths.export(lang, "csv", addressQuery({ ...query, page: undefined }).slice(1))}
            template={agreementPolicy.canCreate(actor) ? agreementPaths.template(lang) : undefined}
          />
          {result.closeMatchesFor ? (
            <p class="notice" role="status">
              {t("catalogue.closeMatches", { typed: filter.q, query: result.closeMatchesFor })}
            </p>
          ) : null}
          {
            await parts.table(
              c,
              result.items,
              filter.q ? parseSearchQuery(result.closeMatchesFor ?? filter.q) : undefined,
              ids !== undefined,
            )
          }
          <Pager page={page} pages={pages} hrefFor={listed} />
        </>
      ),
    });
  });

  routes.get("/agreements/new", async (c) => {
    assertCanWriteAgreements(c.var.actor);
    const state = { ...newAgreementForm(), reference: await proposeAgreementReference({ db: c.var.db }) };
    return renderForm(c, { state, mode: "new", referenceProposed: true });
  });

  routes.post("/agreements", async (c) => {
    const { db, actor, lang } = c.var;
    assertCanWriteAgreements(actor);
    const body = await formBody(c);
    const state = readAgreementForm(body);
    const intent = textField(body, "intent") ?? "save";
    const step = await answerOrganizationStep(c, {
      body,
      state,
      intent,
      action: agreementPaths.list(lang),
      showAgreement: (state) => renderForm(c, { state, mode: "new" }),
    });
    if (step) return step;
    if (applyRowIntent(state, intent)) return renderForm(c, { state, mode: "new" });
    return saveOrReshow(
      async () => {
        const parentId = await resolveParent(c, state.parentReference);
        const row = await createAgreement({ db, actor, input: agreementInputFrom(state, parentId) });
        return c.redirect(`/${lang}/workspace/agreements/${row.id}?notice=created`, 303);
      },
      {
        invalid: (known) => renderForm(c, { state, mode: "new", error: known, status: 400 }),
        conflict: (known) => renderForm(c, { state, mode: "new", error: known, status: 400 }),
      },
    );
  });

  routes.get("/agreements/:id", (c) => {
    const id = agreementId(c);
    const { section } = parsePageQuery(agreementPageQuery, { section: c.req.query("section") }, c.var.t);
    return renderDetail(c, parts, id, undefined, section);
  });

  routes.get("/agreements/:id/edit", async (c) => {
    const { db, actor } = c.var;
    assertCanWriteAgreements(actor);
    const id = agreementId(c);
    const agreement = await getAgreementDetail({ db, actor, id });
    return renderForm(c, { state: agreementFormFrom(agreement), mode: "edit", id });
  });

  routes.post("/agreements/:id", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanWriteAgreements(actor);
    const id = agreementId(c);
    const body = await formBody(c);
    const state = readAgreementForm(body);
    const intent = textField(body, "intent") ?? "save";
    const step = await answerOrganizationStep(c, {
      body,
      state,
      intent,
      action: agreementPaths.workspace(lang, id),
      showAgreement: (state) => renderForm(c, { state, mode: "edit", id }),
    });
    if (step) return step;
    if (applyRowIntent(state, intent)) return renderForm(c, { state, mode: "edit", id });
    return saveOrReshow(
      async () => {
        const parentId = await resolveParent(c, state.parentReference);
        const { status: _status, ...input } = agreementInputFrom(state, parentId);
        await updateAgreement({
          db,
          actor,
          id,
          input: { ...input, version: Number(state.version), objectiveIds: objectiveIdsFrom(state) },
        });
        return c.redirect(`/${lang}/workspace/agreements/${id}?notice=saved`, 303);
      },
      {
        stale: async () => {
          // Nothing was saved. Show theirs beside the user's, and let the next save be a choice made knowingly.
          const current = await getAgreementDetail({ db, actor, id });
          const theirs = agreementFormFrom(current);
          const { organizations } = await formChoices(c);
          const names = new Map(organizations.map((org) => [org.id, textOf(org.name, lang, org.id)]));
          const rows = conflictRows({
            theirs,
            yours: state,
            t,
            lang,
            organizationName: (orgId) => names.get(orgId) ?? orgId,
          });
          const conflict = <ConflictPanel version={current.version} rows={rows} />;
          return renderForm(c, {
            state: { ...state, version: theirs.version },
            mode: "edit",
            id,
            conflict,
            status: 409,
          });
        },
        invalid: (known) => renderForm(c, { state, mode: "edit", id, error: known, status: 400 }),
        conflict: (known) => renderForm(c, { state, mode: "edit", id, error: known, status: 400 }),
      },
    );
  });

  routes.post("/agreements/:id/status", async (c) => {
    const { db, actor, lang } = c.var;
    assertCanWriteAgreements(actor);
    const id = agreementId(c);
    const body = await formBody(c);
    assertConfirmed(body);
    const form = parseInput(transitionForm, body);
    if (needsConfirmationStep(form.to) && textField(body, "step") !== "confirmed") {
      // The form's first post only asks: the page names what follows and posts again.
      const { t } = c.var;
      const agreement = await getAgreementDetail({ db, actor, id });
      return renderConfirmStep(c, {
        heading: t(`undo.transition.heading.${form.to}`, { name: agreement.reference }),
        consequences: [t(`undo.transition.consequence.${form.to}`)],
        note: form.to === "suspended" ? t("undo.transition.resumable") : undefined,
        action: `/${lang}/workspace/agreements/${id}/status`,
        cancelHref: `/${lang}/workspace/agreements/${id}#lifecycle-heading`,
        confirmLabel: t(`undo.transition.confirm.${form.to}`),
        hidden: {
          to: form.to,
          signedOn: form.signedOn ?? "",
          version: String(form.version),
          step: "confirmed",
        },
      });
    }
    await transitionAgreement({ db, actor, id, to: form.to, signedOn: form.signedOn, version: form.version });
    return c.redirect(`/${lang}/workspace/agreements/${id}?notice=status`, 303);
  });

  routes.post("/agreements/:id/visibility", async (c) => {
    const { db, actor, lang } = c.var;
    const id = agreementId(c);
    const body = await formBody(c);
    const visibility = textField(body, "visibility") === "public" ? "public" : "internal";
    await setAgreementVisibility({ db, actor, id, visibility, version: Number(textField(body, "version")) });
    return c.redirect(
      `/${lang}/workspace/agreements/${id}?notice=${visibility === "public" ? "published" : "unpublished"}`,
      303,
    );
  });

  routes.get("/agreements/:id/delete", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanWriteAgreements(actor);
    const agreement = await getAgreementDetail({ db, actor, id: agreementId(c) });
    return renderConfirmStep(c, {
      heading: t("undo.heading.agreement", { name: agreement.reference }),
      consequences: [t("undo.goes.agreementAll")],
      action: `/${lang}/workspace/agreements/${agreement.id}/delete`,
      cancelHref: `/${lang}/workspace/agreements/${agreement.id}`,
      confirmLabel: t("undo.confirm.delete"),
      hidden: { version: String(agreement.version) },
    });
  });

  routes.post("/agreements/:id/delete", async (c) => {
    const { db, actor, lang } = c.var;
    assertCanWriteAgreements(actor);
    const id = agreementId(c);
    const body = await formBody(c);
    assertConfirmed(body);
    const { version } = parseInput(z.object({ version: versionField }), body);
    await deleteAgreement({ db, actor, id, version });
    return c.redirect(`/${lang}/workspace/agreements?notice=deleted`, 303);
  });

  routes.post("/agreements/:id/commitments", async (c) => {
    const { db, actor, lang } = c.var;
    const id = agreementId(c);
    const organizationId = actor.organizationId;
    if (!organizationId)
      throw new AppError("forbidden", "Only a partner focal point edits its own commitments");
    const body = await formBody(c);
    const texts: LocalizedText[] = [];
    for (let index = 0; index < 100; index++) {
      const text = localizedField(body, `commitments.${index}`);
      if (text.ar || text.fr || text.en) texts.push(text);
    }
    // Refused: the page again, with what the person typed, and on a stale version both versions.
    const refused = (known: AppError) => {
      const stale = known.issues.some((issue) => issue.field === "version");
      return renderDetail(c, parts, id, {
        status: stale ? 409 : 400,
        ownTexts: texts,
        error: stale ? undefined : known,
        stale,
      });
    };
    return saveOrReshow(
      async () => {
        await updatePartyCommitments({
          db,
          actor,
          agreementId: id,
          organizationId,
          input: { version: Number(textField(body, "version")), commitments: texts },
        });
        return c.redirect(`/${lang}/workspace/agreements/${id}?notice=commitments`, 303);
      },
      { invalid: refused, conflict: refused },
    );
  });

  return routes;
}
