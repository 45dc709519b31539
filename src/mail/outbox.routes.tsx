import { Hono } from "hono";
import { DateTime, TableScroll } from "../web/components.js";
import type { AppEnv } from "../web/context.js";
import { renderWorkspace } from "../web/page.js";
import { listOutbox } from "./mail.service.js";
import { assertCanReadOutbox } from "./outbox.policy.js";

/** Workspace pages for the outbox (administrator): where emails wait when no mail server is configured. */
export function outboxWorkspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/outbox", async (c) => {
    const { db, actor, t } = c.var;
    assertCanReadOutbox(actor);
    const emails = await listOutbox({ db, limit: 100 });
    return renderWorkspace(c, {
      title: t("outbox.title"),
      section: "outbox",
      children: (
        <>
          <h1>{t("outbox.title")}</h1>
          <p>{t("outbox.intro")}</p>
          <p>
            <strong>{t("outbox.warning")}</strong>
          </p>
          {emails.length ? (
            <TableScroll label={t("workspace.nav.outbox")}>
              <table class="data">
                <thead>
                  <tr>
                    <th scope="col">{t("outbox.columns.to")}</th>
                    <th scope="col">{t("outbox.columns.subject")}</th>
                    <th scope="col">{t("outbox.columns.purpose")}</th>
                    <th scope="col">{t("outbox.columns.status")}</th>
                    <th scope="col">{t("outbox.columns.error")}</th>
                    <th scope="col">{t("outbox.columns.created")}</th>
                    <th scope="col">{t("outbox.columns.sent")}</th>
                  </tr>
                </thead>
                {/* One group per email: its facts, then its text across the whole width. */}
                {emails.map((email) => (
                  <tbody>
                    <tr>
                      <td dir="ltr">{email.toAddress}</td>
                      <td dir="auto">{email.subject}</td>
                      <td>{t(`outbox.purpose.${email.purpose}`, { defaultValue: email.purpose })}</td>
                      <td>{t(`outbox.status.${email.status}`)}</td>
                      <td dir="auto">{email.error ?? t("outbox.none")}</td>
                      <td>
                        <DateTime value={email.createdAt} />
                      </td>
                      <td>{email.sentAt ? <DateTime value={email.sentAt} /> : t("outbox.none")}</td>
                    </tr>
                    <tr>
                      <td colspan={7}>
                        <details>
                          <summary>{t("outbox.showBody", { to: email.toAddress })}</summary>
                          {/* Line by line, so .secret can wrap the long links the text holds. */}
                          <div class="secret" dir="auto">
                            {email.textBody.split("\n").map((line) => (
                              <>
                                {line}
                                <br />
                              </>
                            ))}
                          </div>
                        </details>
                      </td>
                    </tr>
                  </tbody>
                ))}
              </table>
            </TableScroll>
          ) : (
            <p>{t("outbox.empty")}</p>
          )}
        </>
      ),
    });
  });

  return routes;
}
