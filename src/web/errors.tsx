import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, asAppError } from "../shared/errors.js";
import { translator } from "../shared/i18n.js";
import { isLanguage, type Language } from "../shared/localized.js";
import { logger } from "../shared/logger.js";
import { ErrorBox } from "./components.js";
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
    return new AppError(
      error.status === 404 ? "not_found" : "validation",
      error.message || "The request is not valid",
    );
  }
  return undefined;
}

export function handleError(error: unknown, c: Context): Response | Promise<Response> {
  const appError = knownError(error);
  if (!appError) logger.error(`unexpected error on ${c.req.method} ${c.req.path}`, error);
  const status = (appError?.httpStatus ?? 500) as ContentfulStatusCode;
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
  const t = translator(lang);
  const messages = !appError
    ? [t("errors.server")]
    : appError.code === "not_found"
      ? [t("errors.notFound")]
      : appError.issues.length
        ? appError.issues.map((issue) => issue.message)
        : [t("errors.invalidInput")];
  const box = <ErrorBox title={t("errors.title")} messages={messages} />;
  if (c.req.header("HX-Request")) return c.html(box, status);
  return c.html(
    <Page lang={lang} t={t} title={t("errors.title")} section="none" here="">
      {box}
      <p>
        <a href={`/${lang}`}>{t("errors.backHome")}</a>
      </p>
    </Page>,
    status,
  );
}
