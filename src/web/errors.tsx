import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, asAppError } from "../shared/errors.js";
import { translator } from "../shared/i18n.js";
import { isLanguage, type Language } from "../shared/localized.js";
import { logger } from "../shared/logger.js";
import { ErrorBox } from "./components.js";
import { localizeIssue } from "./forms.js";
import { Page } from "./layout.js";

/**
 * The one place where errors become HTTP answers: JSON for the API, a fragment for htmx,
 * a page in the visitor's language otherwise. Unexpected errors are logged, never shown.
 */
/** An AppError as it is; a framework's 4xx as a validation error; anything else is unexpected. */
function knownError(error: unknown): AppError | undefined {
  const appError = asAppError(error);
  if (appError) return appError;
  if (error instanceof HTTPException && error.status < 500) {
    // hono/csrf refuses a cross-site form with a bare 403.
    if (error.status === 403) {
      return new AppError(
        "forbidden",
        "This form was sent from another site; reload the page and send it again",
      );
    }
    return new AppError(
      error.status === 404 ? "not_found" : "validation",
      error.message || "The request is not valid",
    );
  }
  return undefined;
}

/** A personal calendar address is its own credential: it never reaches the log. */
export const loggablePath = (path: string): string =>
  path.startsWith("/calendar/feeds/") ? "/calendar/feeds/(secret)" : path;

/** A value an error's first issue carries for its message (a limit, a wait). */
const issueValue = (error: AppError, name: string) => error.issues[0]?.values?.[name];

/** The error page's title names what happened, so a tab or a history entry says more than "an error". */
function titleKey(error: AppError | undefined): string {
  switch (error?.code) {
    case undefined:
      return "server";
    case "not_found":
      return "notFound";
    case "forbidden":
    case "unauthenticated":
      return "forbidden";
    case "payload_too_large":
      return "tooLarge";
    case "rate_limited":
      return "tooMany";
    case "conflict":
    case "invalid_transition":
      return "conflict";
    case "service_unavailable":
    case "storage_unavailable":
    case "data_locked":
      return "unavailable";
    default:
      return (error?.httpStatus ?? 500) >= 500 ? "server" : "invalid";
  }
}

export function handleError(error: unknown, c: Context): Response | Promise<Response> {
  const appError = knownError(error);
  if (!appError) logger.error(`unexpected error on ${c.req.method} ${loggablePath(c.req.path)}`, error);
  const status = (appError?.httpStatus ?? 500) as ContentfulStatusCode;
  if (appError?.code === "rate_limited")
    c.header("Retry-After", String(issueValue(appError, "seconds") ?? 60));
  // A service that is only busy (every export slot taken) says when to ask again.
  if (appError?.code === "service_unavailable" && issueValue(appError, "seconds") !== undefined)
    c.header("Retry-After", String(issueValue(appError, "seconds")));
  const path = c.req.path;
  if (path.startsWith("/api/") || path === "/healthz") {
    return c.json(
      {
        error: {
          code: appError?.code ?? "internal",
          message: appError?.message ?? "The server could not answer; the error was logged.",
          issues: appError?.issues ?? [],
        },
      },
      status,
    );
  }
  const first = path.split("/")[1] ?? "";
  const lang: Language = isLanguage(first) ? first : "fr";
  // A workspace page asked without a session: to the sign-in page, and back after it.
  if (appError?.code === "unauthenticated" && (c.req.method === "GET" || c.req.method === "HEAD")) {
    const next = `${path}${new URL(c.req.url).search}`;
    const target = `/${lang}/workspace/sign-in?notice=sign-in&next=${encodeURIComponent(next)}`;
    if (c.req.header("HX-Request")) {
      c.header("HX-Redirect", target);
      return c.body(null, 401);
    }
    return c.redirect(target, 303);
  }
  const t = translator(lang);
  const messages = !appError
    ? [t("errors.server")]
    : appError.code === "not_found"
      ? [t("errors.notFound")]
      : appError.code === "forbidden" || appError.code === "unauthenticated"
        ? [t("workspace.noAccess")]
        : appError.code === "payload_too_large"
          ? [t("errors.tooLarge", { maxMb: issueValue(appError, "maxMb") })]
          : appError.code === "rate_limited"
            ? [t("auth.tooManyAttempts", { seconds: issueValue(appError, "seconds") ?? 60 })]
            : appError.code === "service_unavailable"
              ? [
                  appError.issues[0]?.reason
                    ? t(`reasons.${appError.issues[0].reason}`, appError.issues[0].values)
                    : t("errors.unavailable"),
                ]
              : appError.issues.length
                ? appError.issues.map((issue) => localizeIssue(issue, t))
                : [t("errors.invalidInput")];
  const box = <ErrorBox title={t("errors.title")} messages={messages} />;
  if (c.req.header("HX-Request")) return c.html(box, status);
  return c.html(
    <Page lang={lang} t={t} title={t(`errors.titles.${titleKey(appError)}`)} section="none" here="">
      {box}
      <p>
        <a href={`/${lang}`}>{t("errors.backHome")}</a>
      </p>
    </Page>,
    status,
  );
}
