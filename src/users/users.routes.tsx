import type { Context } from "hono";
import { Hono } from "hono";
import { sendEmail } from "../mail/mail.service.js";
import { listOrganizations } from "../partners/organizations.queries.js";
import { type AppError, notFound } from "../shared/errors.js";
import { isLanguage, type pickText, sortByName, textOf } from "../shared/localized.js";
import { listTerritories } from "../territories/territories.service.js";
import { Pager } from "../web/components.js";
import { ConflictPanel } from "../web/conflict.js";
import type { AppEnv } from "../web/context.js";
import { saveOrReshow } from "../web/form-save.js";
import { type PostedBody, postedTexts, readFormBody, textField } from "../web/forms.js";
import { guard } from "../web/guards.js";
import { Notice, renderWorkspace } from "../web/page.js";
import { formVersion, noticeText } from "../web/params.js";
import { addressQuery } from "../web/paths.js";
import { parsePageQuery } from "../web/validation.js";
import { passwordResetEmail } from "./password-links.emails.js";
import { passwordLink } from "./password-links.js";
import { type UserInput, type UserUpdate, userListQuery } from "./users.input.js";
import { assertCanManageUsers } from "./users.policy.js";
import {
  createUser,
  getUser,
  issuePasswordToken,
  listUsers,
  type UserRow,
  updateUser,
} from "./users.service.js";
import {
  conflictRows,
  type ScopeChoices,
  UserFilters,
  UserForm,
  type UserFormValues,
  UserTable,
} from "./users.views.js";

type Ctx = Context<AppEnv>;

/**
 * The organisations a focal point may act for and the territories that have a council, named in
 * the page's language; for a list, only the organisations its accounts act for (`ids`).
 */
async function scopeChoices(c: Ctx, ids?: readonly string[]): Promise<ScopeChoices> {
  const { db, actor, lang } = c.var;
  const [organizations, prefectures, provinces] = await Promise.all([
    listOrganizations({ db, actor, excludeAssociation: true, ids }),
    listTerritories({ db, kind: "prefecture" }),
    listTerritories({ db, kind: "province" }),
  ]);
  const nameOf = (name: Parameters<typeof pickText>[0]) => textOf(name, lang);
  return {
    organizations: sortByName(organizations, lang, (o) => o.name).map((o) => ({
      value: o.id,
      label: o.acronym ? `${nameOf(o.name)} (${o.acronym})` : nameOf(o.name),
    })),
    territories: sortByName([...prefectures, ...provinces], lang, (row) => row.name).map((row) => ({
      value: row.code,
      label: nameOf(row.name),
    })),
  };
}

/** Emails a "choose your password" link in the account's own language (kept in the outbox without SMTP). */
async function sendPasswordLink(c: Ctx, user: UserRow, token: string): Promise<void> {
  const { db, services } = c.var;
  const lang = isLanguage(user.locale) ? user.locale : "fr";
  await sendEmail({
    db,
    mailer: services.mailer,
    message: passwordResetEmail({
      lang,
      to: user.email,
      link: passwordLink(services.publicUrl, lang, token),
    }),
  });
}

function formValues(body: Record<string, unknown>): UserFormValues {
  return {
    email: textField(body, "email") ?? "",
    name: textField(body, "name") ?? "",
    role: textField(body, "role") ?? "",
    organizationId: textField(body, "organizationId"),
    territoryCode: textField(body, "territoryCode"),
    locale: textField(body, "locale"),
    translates: postedTexts(body as PostedBody, "translates"),
    active: body.active === "on",
    version: formVersion(body),
  };
}

const valuesOf = (user: UserRow): UserFormValues => ({ ...user });

/** Workspace pages for accounts (administrator). */
const PAGE_SIZE = 50;

export function userWorkspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.use("/users/*", guard(assertCanManageUsers));

  const notices: Record<string, string> = { created: "users.created", saved: "users.saved" };

  routes.get("/users", async (c) => {
    const { db, actor, lang, t } = c.var;
    const { page, ...filter } = parsePageQuery(userListQuery, c.req.query(), t);
    const found = await listUsers({
      db,
      actor,
      filter: { ...filter, active: filter.state === undefined ? undefined : filter.state === "active" },
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    // Only the page's accounts are named: every organisation would be read and sorted otherwise.
    const choices = await scopeChoices(
      c,
      found.items.flatMap((user) => (user.organizationId ? [user.organizationId] : [])),
    );
    const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    if (page > pages) throw notFound("Page", page);
    const notice = noticeText(t, c.req.query("notice"), notices);
    return renderWorkspace(c, {
      title: t("users.title"),
      section: "users",
      children: (
        <>
          <h1>{t("users.title")}</h1>
          <Notice text={notice} />
          <p>{t("users.intro")}</p>
          <p class="actions">
            <a class="button" href={`/${lang}/workspace/users/new`}>
              {t("users.new")}
            </a>
            <a href={`/${lang}/workspace/outbox`}>{t("workspace.nav.outbox")}</a>
          </p>
          <UserFilters filter={filter} />
          <p>{t("users.filters.count", { count: found.total })}</p>
          <UserTable users={found.items} choices={choices} />
          <Pager
            page={page}
            pages={pages}
            hrefFor={(page) => `/${lang}/workspace/users${addressQuery({ ...filter, page })}`}
          />
        </>
      ),
    });
  });

  const newPage = async (c: Ctx, values: UserFormValues, error?: AppError) => {
    const { lang, t } = c.var;
    return renderWorkspace(c, {
      title: t("users.newTitle"),
      section: "users",
      status: error?.httpStatus,
      children: (
        <section>
          <h1>{t("users.newTitle")}</h1>
          <p>{t("users.newIntro")}</p>
          <UserForm
            action={`/${lang}/workspace/users`}
            mode="create"
            values={values}
            choices={await scopeChoices(c)}
            error={error}
          />
        </section>
      ),
    });
  };

  routes.get("/users/new", (c) => newPage(c, { locale: c.var.lang, role: "viewer" }));

  routes.post("/users", async (c) => {
    const { db, actor, lang } = c.var;
    const values = formValues(await readFormBody(c, { all: true }));
    return saveOrReshow(
      async () => {
        const { user, passwordToken } = await createUser({
          db,
          actor,
          input: {
            email: values.email,
            name: values.name,
            role: values.role,
            organizationId: values.organizationId ?? undefined,
            territoryCode: values.territoryCode ?? undefined,
            locale: values.locale,
            translates: values.translates,
          } as UserInput,
        });
        if (passwordToken) await sendPasswordLink(c, user, passwordToken);
        return c.redirect(`/${lang}/workspace/users?notice=created`, 303);
      },
      {
        invalid: (refused) => newPage(c, values, refused),
        conflict: (refused) => newPage(c, values, refused),
      },
    );
  });

  const editPage = async (
    c: Ctx,
    user: UserRow,
    values: UserFormValues,
    options: { error?: AppError; conflictWith?: UserRow } = {},
  ) => {
    const { lang, t } = c.var;
    const choices = await scopeChoices(c);
    const notice = noticeText(t, c.req.query("notice"), {
      saved: "users.saved",
      "link-sent": "users.linkSent",
    });
    const { conflictWith, error } = options;
    return renderWorkspace(c, {
      title: t("users.editTitle", { name: user.name }),
      section: "users",
      status: conflictWith ? 409 : error?.httpStatus,
      children: (
        <section>
          <h1>{t("users.editTitle", { name: user.name })}</h1>
          <Notice text={notice} />
          <p dir="ltr">{user.email}</p>
          {conflictWith ? (
            <ConflictPanel
              version={conflictWith.version}
              rows={conflictRows(lang, t, conflictWith, values, choices)}
            />
          ) : null}
          <UserForm
            action={`/${lang}/workspace/users/${user.id}`}
            mode="edit"
            values={values}
            choices={choices}
            error={conflictWith ? undefined : error}
          />
          <h2>{t("users.passwordLinkTitle")}</h2>
          <p>{t("users.passwordLinkIntro")}</p>
          <form method="post" action={`/${lang}/workspace/users/${user.id}/password-link`}>
            <button type="submit" class="button secondary">
              {t("users.sendLink")}
            </button>
          </form>
          <p>
            <small>{t("users.outboxHint")}</small>{" "}
            <a href={`/${lang}/workspace/outbox`}>{t("workspace.nav.outbox")}</a>
          </p>
        </section>
      ),
    });
  };

  routes.get("/users/:id/edit", async (c) => {
    const { db, actor } = c.var;
    const user = await getUser({ db, actor, id: c.req.param("id") });
    return editPage(c, user, valuesOf(user));
  });

  routes.post("/users/:id", async (c) => {
    const { db, actor, lang } = c.var;
    const id = c.req.param("id");
    const current = await getUser({ db, actor, id });
    const values = formValues(await readFormBody(c, { all: true }));
    return saveOrReshow(
      async () => {
        await updateUser({
          db,
          actor,
          id,
          input: {
            name: values.name,
            role: values.role,
            organizationId: values.organizationId ?? undefined,
            territoryCode: values.territoryCode ?? undefined,
            locale: values.locale,
            translates: values.translates,
            active: values.active,
            version: values.version,
          } as UserUpdate,
        });
        return c.redirect(`/${lang}/workspace/users/${id}/edit?notice=saved`, 303);
      },
      {
        stale: async () => {
          // Someone saved first: show both, and keep the person's values on a form based on the saved version.
          const saved = await getUser({ db, actor, id });
          return editPage(c, saved, { ...values, version: saved.version }, { conflictWith: saved });
        },
        invalid: (refused) => editPage(c, current, values, { error: refused }),
        conflict: (refused) => editPage(c, current, values, { error: refused }),
      },
    );
  });

  routes.post("/users/:id/password-link", async (c) => {
    const { db, actor, lang } = c.var;
    const { user, token } = await issuePasswordToken({ db, actor, id: c.req.param("id") });
    await sendPasswordLink(c, user, token);
    return c.redirect(`/${lang}/workspace/users/${user.id}/edit?notice=link-sent`, 303);
  });

  return routes;
}
