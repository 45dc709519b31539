import type { Context } from "hono";
import { Hono } from "hono";
import { AppError } from "../shared/errors.js";
import { renderConfirmStep } from "../web/confirm-deletion.js";
import type { AppEnv } from "../web/context.js";
import { saveOrReshow } from "../web/form-save.js";
import { readFormBody, textField } from "../web/forms.js";
import { guard } from "../web/guards.js";
import { Notice, renderWorkspace } from "../web/page.js";
import { noticeText } from "../web/params.js";
import type { ApiTokenInput } from "./tokens.input.js";
import { apiTokenPolicy } from "./tokens.policy.js";
import { createApiToken, getOwnApiToken, listApiTokens, revokeApiToken } from "./tokens.service.js";
import { NewSecret, TokenForm, type TokenFormValues, TokenTable } from "./tokens.views.js";

type Ctx = Context<AppEnv>;

async function tokensPage(
  c: Ctx,
  options: { values?: TokenFormValues; error?: AppError; created?: { name: string; secret: string } } = {},
) {
  const { db, actor, t } = c.var;
  const tokens = await listApiTokens({ db, actor });
  const notice = noticeText(t, c.req.query("notice"), { revoked: "tokens.revoked" });
  return renderWorkspace(c, {
    title: t("tokens.title"),
    section: "tokens",
    status: options.created ? 201 : options.error?.httpStatus,
    children: (
      <>
        <h1>{t("tokens.title")}</h1>
        <Notice text={notice} />
        {options.created ? <NewSecret {...options.created} /> : null}
        <p>{t("tokens.intro")}</p>
        <TokenTable tokens={tokens} />
        <TokenForm values={options.values ?? {}} error={options.error} />
      </>
    ),
  });
}

/** Workspace pages for personal API tokens: each person's own, through a signed-in session only. */
export function tokenWorkspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const sessionOnly = guard((actor) => {
    // A bearer token is no way into these pages: it could otherwise mint its own successors.
    if (!apiTokenPolicy.canManageOwn(actor)) {
      throw new AppError("unauthenticated", "API tokens are managed in the workspace, signed in");
    }
  });
  routes.use("/account/tokens/*", sessionOnly);

  routes.get("/account/tokens", (c) => tokensPage(c));

  routes.post("/account/tokens", async (c) => {
    const { db, actor } = c.var;
    const body = await readFormBody(c);
    const values: TokenFormValues = {
      name: textField(body, "name") ?? "",
      scope: textField(body, "scope") ?? "read",
      expiresInDays: textField(body, "expiresInDays"),
    };
    return saveOrReshow(
      async () => {
        const { token, secret } = await createApiToken({ db, actor, input: values as ApiTokenInput });
        return tokensPage(c, { created: { name: token.name, secret } });
      },
      { invalid: (refused) => tokensPage(c, { values, error: refused }) },
    );
  });

  routes.get("/account/tokens/:id/revoke", async (c) => {
    const { db, actor, lang, t } = c.var;
    const token = await getOwnApiToken({ db, actor, id: c.req.param("id") });
    return renderConfirmStep(c, {
      heading: t("undo.heading.token", { name: token.name }),
      consequences: [t("undo.goes.tokenStops")],
      action: `/${lang}/workspace/account/tokens/${token.id}/revoke`,
      cancelHref: `/${lang}/workspace/account/tokens`,
      confirmLabel: t("undo.confirm.revoke"),
    });
  });

  routes.post("/account/tokens/:id/revoke", async (c) => {
    const { db, actor, lang } = c.var;
    await revokeApiToken({ db, actor, id: c.req.param("id") });
    return c.redirect(`/${lang}/workspace/account/tokens?notice=revoked`, 303);
  });

  return routes;
}
