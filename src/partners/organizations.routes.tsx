import type { Context } from "hono";
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import { z } from "zod";
import { type AppError, notFound } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import { textOf } from "../shared/localized.js";
import { renderConfirmStep } from "../web/confirm-deletion.js";
import type { AppEnv } from "../web/context.js";
import { saveOrReshow } from "../web/form-save.js";
import { localizeIssues, readFormBody } from "../web/forms.js";
import { renderFragment, renderWorkspace } from "../web/page.js";
import { formVersion, noticeText, recordParam } from "../web/params.js";
import { parsePageQuery } from "../web/validation.js";
import {
  AddRowButton,
  ContactRowFields,
  conflictRows,
  formError,
  formValuesOf,
  MAX_CONTACTS,
  OrganizationForm,
  type OrganizationFormProps,
  organizationInputOf,
  readOrganizationForm,
} from "./organization-form.views.js";
import { deleteOrganization, updateOrganization } from "./organizations.edits.js";
import { organizationListQuery } from "./organizations.input.js";
import {
  assertCanCreateOrganization,
  assertCanDeleteOrganization,
  assertCanEditOrganization,
  assertCanEditSomeOrganization,
  organizationPolicy,
} from "./organizations.policy.js";
import { pageOrganizations } from "./organizations.queries.js";
import {
  createOrganization,
  getOrganization,
  listOrganizationAgreements,
  type OrganizationDetail,
  readAssociation,
} from "./organizations.service.js";
import { OrganizationDetailView, OrganizationList } from "./organizations.views.js";

type Ctx = Context<AppEnv>;

/** What the organisation page shows from modules above this one, composed where they are all mounted. */
export interface OrganizationPageParts {
  documents(c: Ctx, organizationId: string): Promise<Child>;
  /** the text of a notice the documents section left (`?notice=…`), if it is one of its own */
  documentNotice(t: Translate, notice: string | undefined): string | undefined;
}

const PAGE_SIZE = 50;

const rowQuery = z.object({
  index: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_CONTACTS + 2),
});

const notices = {
  created: "orgs.notice.created",
  saved: "orgs.notice.saved",
  deleted: "orgs.notice.deleted",
};
const organizationNotice = (c: Ctx, parts: OrganizationPageParts) => {
  const notice = c.req.query("notice");
  return noticeText(c.var.t, notice, notices) ?? parts.documentNotice(c.var.t, notice);
};

/** A malformed id names no organisation: "not found", never a database error. */
const organizationId = (c: Ctx): string => recordParam(c, "id", "Organization");

const base = (c: Ctx) => `/${c.var.lang}/workspace/organizations`;

const nameOf = (c: Ctx, org: OrganizationDetail) => textOf(org.name, c.var.lang);

function renderForm(c: Ctx, props: OrganizationFormProps, title: string, status = 200) {
  return renderWorkspace(c, {
    title,
    section: "organizations",
    status,
    children: (
      <>
        <h1>{title}</h1>
        <OrganizationForm {...props} />
      </>
    ),
  });
}

async function renderDetail(
  c: Ctx,
  parts: OrganizationPageParts,
  id: string,
  extra: { deleteErrors?: string[]; status?: number } = {},
) {
  const { db, actor } = c.var;
  const [org, agreements, association] = await Promise.all([
    getOrganization({ db, actor, id }),
    listOrganizationAgreements({ db, actor, id }),
    readAssociation({ db }),
  ]);
  return renderWorkspace(c, {
    title: nameOf(c, org),
    section: "organizations",
    status: extra.status,
    children: (
      <OrganizationDetailView
        lang={c.var.lang}
        t={c.var.t}
        org={org}
        agreements={agreements}
        canEdit={organizationPolicy.canEdit(actor, id)}
        canDelete={organizationPolicy.canDelete(actor) && association?.id !== id}
        notice={organizationNotice(c, parts)}
        deleteErrors={extra.deleteErrors}
        documents={await parts.documents(c, id)}
      />
    ),
  });
}

/** Why a deletion was refused, in the page's language. */
function deleteRefusal(c: Ctx, error: AppError): string[] {
  const { t } = c.var;
  return error.issues.map((issue) => {
    if (issue.field === "version") return t("orgs.delete.changed");
    if (
      issue.reason === "partyToAgreements" ||
      issue.reason === "associationItself" ||
      issue.reason === "hasAccounts"
    )
      return t(`orgs.delete.${issue.reason}`, issue.values ?? {});
    return issue.message;
  });
}

/** Workspace pages for organisations and contacts. */
export function organizationWorkspaceRoutes(parts: OrganizationPageParts): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/organizations", async (c) => {
    const { db, actor, lang, t } = c.var;
    const query = parsePageQuery(organizationListQuery, c.req.query(), t);
    const { page, ...filter } = query;
    const found = await pageOrganizations({
      db,
      actor,
      lang,
      ...filter,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    if (page > pages) throw notFound("Page", page);
    return renderWorkspace(c, {
      title: t("orgs.title"),
      section: "organizations",
      children: (
        <OrganizationList
          items={found.items}
          total={found.total}
          page={page}
          pages={pages}
          filter={filter}
          canCreate={organizationPolicy.canCreate(actor)}
          notice={organizationNotice(c, parts)}
        />
      ),
    });
  });

  routes.get("/organizations/new", (c) => {
    assertCanCreateOrganization(c.var.actor);
    const { t } = c.var;
    return renderForm(
      c,
      {
        action: base(c),
        cancelHref: base(c),
        values: { name: {}, contacts: [] },
        canChangeKind: true,
        submitLabel: t("orgs.create"),
      },
      t("orgs.new"),
    );
  });

  // htmx: one more empty contact row, and the button for the next one.
  routes.get("/organizations/contact-row", (c) => {
    const { t } = c.var;
    assertCanEditSomeOrganization(c.var.actor);
    const { index } = parsePageQuery(rowQuery, c.req.query(), t);
    return renderFragment(
      c,
      <>
        <ContactRowFields index={index} />
        <AddRowButton nextIndex={index + 1} oob />
      </>,
    );
  });

  routes.post("/organizations", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanCreateOrganization(actor);
    const form = readOrganizationForm(await readFormBody(c));
    const props = {
      action: base(c),
      cancelHref: base(c),
      values: form.values,
      canChangeKind: true,
      submitLabel: t("orgs.create"),
    };
    if (form.addRow) return renderForm(c, { ...props, emptyRows: form.blankRows + 1 }, t("orgs.new"));
    const { input, rowOfContact } = organizationInputOf(form.values);
    return saveOrReshow(
      async () => {
        const created = await createOrganization({
          db,
          actor,
          input: { ...input, kind: input.kind as NonNullable<typeof input.kind> },
        });
        return c.redirect(`/${lang}/workspace/organizations/${created.id}?notice=created`, 303);
      },
      {
        invalid: (known) =>
          renderForm(c, { ...props, ...formError(known, rowOfContact, t) }, t("orgs.new"), 400),
      },
    );
  });

  routes.get("/organizations/:id", async (c) => renderDetail(c, parts, organizationId(c)));

  routes.get("/organizations/:id/edit", async (c) => {
    const { db, actor, t } = c.var;
    const id = organizationId(c);
    const org = await getOrganization({ db, actor, id });
    assertCanEditOrganization(actor, id);
    return renderForm(
      c,
      {
        action: `${base(c)}/${id}`,
        cancelHref: `${base(c)}/${id}`,
        values: formValuesOf(org),
        version: org.version,
        canChangeKind: organizationPolicy.canChangeKind(actor),
        submitLabel: t("orgs.save"),
      },
      t("orgs.editTitle", { name: nameOf(c, org) }),
    );
  });

  routes.post("/organizations/:id", async (c) => {
    const { db, actor, lang, t } = c.var;
    const id = organizationId(c);
    const org = await getOrganization({ db, actor, id });
    assertCanEditOrganization(actor, id);
    const canChangeKind = organizationPolicy.canChangeKind(actor);
    const form = readOrganizationForm(await readFormBody(c));
    // A focal point's form does not offer the kind: it stays as it is.
    const values = canChangeKind ? form.values : { ...form.values, kind: org.kind };
    const props = {
      action: `${base(c)}/${id}`,
      cancelHref: `${base(c)}/${id}`,
      values,
      version: form.version ?? org.version,
      canChangeKind,
      submitLabel: t("orgs.save"),
    };
    const title = t("orgs.editTitle", { name: nameOf(c, org) });
    if (form.addRow) return renderForm(c, { ...props, emptyRows: form.blankRows + 1 }, title);
    const { input, rowOfContact } = organizationInputOf(values);
    return saveOrReshow(
      async () => {
        await updateOrganization({
          db,
          actor,
          id,
          input: {
            ...input,
            kind: canChangeKind ? input.kind : undefined,
            version: form.version ?? Number.NaN,
          },
        });
        return c.redirect(`/${lang}/workspace/organizations/${id}?notice=saved`, 303);
      },
      {
        invalid: (known) => renderForm(c, { ...props, ...formError(known, rowOfContact, t) }, title, 400),
        stale: async () => {
          // Someone saved first: show theirs beside the person's, keep the person's values, and
          // carry the new version so that saving again keeps the person's deliberately.
          const theirs = await getOrganization({ db, actor, id });
          return renderForm(
            c,
            {
              ...props,
              version: theirs.version,
              conflict: { version: theirs.version, rows: conflictRows(t, formValuesOf(theirs), values) },
            },
            title,
            409,
          );
        },
      },
    );
  });

  routes.get("/organizations/:id/delete", async (c) => {
    const { db, actor, lang, t } = c.var;
    const id = organizationId(c);
    assertCanDeleteOrganization(actor);
    const org = await getOrganization({ db, actor, id });
    return renderConfirmStep(c, {
      heading: t("undo.heading.organization", { name: textOf(org.name, lang, "") }),
      consequences: [t("orgs.delete.warning"), t("undo.goes.organizationGone")],
      action: `/${lang}/workspace/organizations/${id}/delete`,
      cancelHref: `/${lang}/workspace/organizations/${id}`,
      confirmLabel: t("undo.confirm.delete"),
      hidden: { version: String(org.version) },
    });
  });

  routes.post("/organizations/:id/delete", async (c) => {
    const { db, actor, lang, t } = c.var;
    const id = organizationId(c);
    assertCanDeleteOrganization(actor);
    const body = await readFormBody(c);
    if (body.confirm !== "yes")
      return renderDetail(c, parts, id, { deleteErrors: [t("orgs.delete.confirmNeeded")], status: 400 });
    const version = formVersion(body);
    return saveOrReshow(
      async () => {
        await deleteOrganization({ db, actor, id, version });
        return c.redirect(`/${lang}/workspace/organizations?notice=deleted`, 303);
      },
      {
        conflict: (known) => {
          const messages = known.issues.length ? deleteRefusal(c, known) : localizeIssues(known, t);
          return renderDetail(c, parts, id, { deleteErrors: messages, status: 409 });
        },
      },
    );
  });

  return routes;
}
