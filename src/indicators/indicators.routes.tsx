import type { OpenAPIHono } from "@hono/zod-openapi";
import { type Context, Hono } from "hono";
import { agreementPaths } from "../agreements/agreements.paths.js";
import { todayInMorocco } from "../domain/figures.js";
import { AppError, asAppError } from "../shared/errors.js";
import { textOf } from "../shared/localized.js";
import { renderConfirmStep } from "../web/confirm-deletion.js";
import type { AppEnv } from "../web/context.js";
import { saveOrReshow } from "../web/form-save.js";
import { assertConfirmed, readFormBody, textField } from "../web/forms.js";
import { formVersion } from "../web/params.js";
import { conflictRows, formValuesOf, indicatorInputOf, readIndicatorForm } from "./indicator-form.views.js";
import {
  formChoices,
  readValueForm,
  recordParam,
  renderIndicatorForm,
  renderIndicatorPage,
  valueConflictRows,
} from "./indicator-pages.routes.js";
import { assertCanReview } from "./indicator-values.policy.js";
import {
  assertCanEnterValuesOf,
  enterIndicatorValue,
  readableValue,
  reviewIndicatorValue,
} from "./indicator-values.service.js";
import { registerIndicatorRoutes } from "./indicators.api.js";
import { chartTag, renderIndicatorChart } from "./indicators.chart.js";
import { agreementFacts, figuresOf, indicatorFacts } from "./indicators.facts.js";
import type { ReviewDecision } from "./indicators.input.js";
import { assertCanManageIndicators } from "./indicators.policy.js";
import { getIndicator, readableIndicator } from "./indicators.queries.js";
import { createIndicator, deleteIndicator, updateIndicator } from "./indicators.service.js";
import { chartIndicatorOf, indicatorPath } from "./indicators.views.js";

type Ctx = Context<AppEnv>;

const indicatorId = (c: Ctx) => recordParam(c, "indicatorId", "Indicator");

/** The review's "reason" is the value's return reason: named so on the page. */
const asPageError = (error: AppError) =>
  new AppError(error.code, error.message, {
    issues: error.issues.map((issue) =>
      issue.field === "reason" ? { ...issue, field: "returnReason" } : issue,
    ),
  });

/** Refusals a page explains next to the form, rather than on an error page. */
const shownOnPage = (error: AppError | undefined) =>
  error !== undefined &&
  (error.code === "validation" ||
    error.code === "conflict" ||
    error.code === "invalid_transition" ||
    (error.code === "forbidden" && error.issues.length > 0));

/** /{lang}/workspace/… pages of this module (mounted by src/workspace/workspace.routes.tsx). */
export function indicatorWorkspaceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/agreements/:id/indicators/new", async (c) => {
    const { lang, t, actor } = c.var;
    assertCanManageIndicators(actor);
    const agreementId = recordParam(c, "id", "Agreement");
    const choices = await formChoices(c, agreementId);
    return renderIndicatorForm(
      c,
      {
        action: `${agreementPaths.workspace(lang, agreementId)}/indicators`,
        cancelHref: agreementPaths.workspace(lang, agreementId),
        values: { name: {}, unit: {}, direction: "increase", frequency: "yearly", aggregation: "cumulative" },
        choices,
        submitLabel: t("indicators.create"),
      },
      t("indicators.newTitle"),
    );
  });

  app.post("/agreements/:id/indicators", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageIndicators(actor);
    const agreementId = recordParam(c, "id", "Agreement");
    const choices = await formChoices(c, agreementId);
    const { values } = readIndicatorForm(await readFormBody(c));
    return saveOrReshow(
      async () => {
        const row = await createIndicator({ db, actor, agreementId, input: indicatorInputOf(values) });
        return c.redirect(`${indicatorPath(lang, row.id)}?notice=indicator-created`, 303);
      },
      {
        invalid: (known) =>
          renderIndicatorForm(
            c,
            {
              action: `/${lang}/workspace/agreements/${agreementId}/indicators`,
              cancelHref: `/${lang}/workspace/agreements/${agreementId}`,
              values,
              choices,
              submitLabel: t("indicators.create"),
              error: known,
            },
            t("indicators.newTitle"),
            400,
          ),
      },
    );
  });

  app.get("/indicators/:indicatorId", (c) => renderIndicatorPage(c, indicatorId(c)));

  // The chart alone, for pages that show many (the agreement's): fetched and cached by the
  // browser, revalidated by an ETag so that an unchanged chart is never drawn twice.
  app.get("/indicators/:indicatorId/chart.svg", async (c) => {
    const { db, actor, lang, t } = c.var;
    const indicator = await getIndicator({ db, actor, id: indicatorId(c) });
    const today = todayInMorocco();
    const figures = figuresOf(
      indicatorFacts(indicator, indicator.values),
      agreementFacts(indicator.agreement),
      today,
    );
    const tag = `"${chartTag(lang, today, indicator, figures)}"`;
    c.header("cache-control", "private, no-cache");
    c.header("etag", tag);
    if (c.req.header("if-none-match") === tag) return c.body(null, 304);
    c.header("content-type", "image/svg+xml; charset=utf-8");
    return c.body(renderIndicatorChart({ lang, t, indicator: chartIndicatorOf(indicator), figures, today }));
  });

  app.get("/indicators/:indicatorId/edit", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageIndicators(actor);
    const id = indicatorId(c);
    const row = await readableIndicator({ db, actor, id });
    return renderIndicatorForm(
      c,
      {
        action: indicatorPath(lang, id),
        cancelHref: indicatorPath(lang, id),
        values: formValuesOf(row),
        choices: await formChoices(c, row.agreementId),
        version: row.version,
        submitLabel: t("indicators.save"),
      },
      t("indicators.editTitle", { name: textOf(row.name, lang) }),
    );
  });

  app.post("/indicators/:indicatorId", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageIndicators(actor);
    const id = indicatorId(c);
    const current = await readableIndicator({ db, actor, id });
    const choices = await formChoices(c, current.agreementId);
    const form = readIndicatorForm(await readFormBody(c));
    const props = {
      action: indicatorPath(lang, id),
      cancelHref: indicatorPath(lang, id),
      values: form.values,
      choices,
      version: form.version ?? current.version,
      submitLabel: t("indicators.save"),
    };
    const title = t("indicators.editTitle", { name: textOf(current.name, lang) });
    return saveOrReshow(
      async () => {
        await updateIndicator({
          db,
          actor,
          id,
          input: { ...indicatorInputOf(form.values), version: form.version ?? Number.NaN },
        });
        return c.redirect(`${indicatorPath(lang, id)}?notice=indicator-saved`, 303);
      },
      {
        invalid: (known) => renderIndicatorForm(c, { ...props, error: known }, title, 400),
        stale: async () => {
          // Someone saved first: theirs beside the person's, whose input stays, with the new version.
          const theirs = await readableIndicator({ db, actor, id });
          const rows = conflictRows(lang, t, choices, formValuesOf(theirs), form.values);
          return renderIndicatorForm(
            c,
            { ...props, version: theirs.version, conflict: { version: theirs.version, rows } },
            title,
            409,
          );
        },
      },
    );
  });

  app.get("/indicators/:indicatorId/delete", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageIndicators(actor);
    const indicator = await getIndicator({ db, actor, id: indicatorId(c) });
    const pending = indicator.values.filter((value) => value.status !== "approved").length;
    return renderConfirmStep(c, {
      heading: t("undo.heading.indicator", { name: textOf(indicator.name, lang, "") }),
      consequences: [
        pending ? t("undo.goes.indicatorValues", { count: pending }) : t("undo.goes.noDependants"),
      ],
      restorable: true,
      action: `${indicatorPath(lang, indicator.id)}/delete`,
      cancelHref: indicatorPath(lang, indicator.id),
      confirmLabel: t("undo.confirm.delete"),
      hidden: { version: String(indicator.version) },
    });
  });

  app.post("/indicators/:indicatorId/delete", async (c) => {
    const { db, actor, lang } = c.var;
    assertCanManageIndicators(actor);
    const id = indicatorId(c);
    const body = await readFormBody(c);
    assertConfirmed(body);
    const version = formVersion(body);
    return saveOrReshow(
      async () => {
        const row = await deleteIndicator({ db, actor, id, version });
        return c.redirect(
          `/${lang}/workspace/agreements/${row.agreementId}?notice=indicator-deleted#indicators-heading`,
          303,
        );
      },
      { conflict: (known) => renderIndicatorPage(c, id, { deleteError: known, status: 409 }) },
    );
  });

  app.post("/indicators/:indicatorId/values", async (c) => {
    const { db, actor, lang, t } = c.var;
    const id = indicatorId(c);
    // Who may not enter this indicator's values is refused before the form is read.
    await assertCanEnterValuesOf({ db, actor, indicatorId: id });
    const form = readValueForm(await readFormBody(c));
    try {
      const { row } = await enterIndicatorValue({
        db,
        actor,
        indicatorId: id,
        input: {
          period: form.period as string,
          value: form.value,
          source: form.source,
          comment: form.comment,
          evidenceDocumentId: form.evidenceDocumentId,
          version: form.version,
        },
      });
      const notice = row.status === "approved" ? "value-entered" : "value-submitted";
      return c.redirect(`${indicatorPath(lang, id)}?notice=${notice}#values-heading`, 303);
    } catch (error) {
      const known = asAppError(error);
      if (!known || !shownOnPage(known)) throw error;
      if (known.code !== "conflict")
        return renderIndicatorPage(c, id, { form, valueError: known, status: known.httpStatus });
      // The period's value changed (or appeared) meanwhile: theirs beside the person's, kept, with its version.
      const theirs = (await getIndicator({ db, actor, id })).values.find(
        (value) => value.period === form.period,
      );
      if (!theirs) throw error;
      return renderIndicatorPage(c, id, {
        form: { ...form, fixed: true, version: theirs.version },
        valueError: known,
        valueConflict: { version: theirs.version, rows: valueConflictRows(t, theirs, form) },
        status: 409,
      });
    }
  });

  app.post("/indicator-values/:valueId/review", async (c) => {
    const { db, actor, lang } = c.var;
    assertCanReview(actor);
    const valueId = recordParam(c, "valueId", "Indicator value");
    const { indicator } = await readableValue({ db, actor, id: valueId });
    const body = await readFormBody(c);
    try {
      const { row } = await reviewIndicatorValue({
        db,
        actor,
        valueId,
        input: {
          decision: textField(body, "decision") as ReviewDecision,
          reason: textField(body, "reason"),
          version: textField(body, "version"),
        },
      });
      const notice = row.status === "approved" ? "value-approved" : "value-returned";
      return c.redirect(`${indicatorPath(lang, indicator.id)}?notice=${notice}#values-heading`, 303);
    } catch (error) {
      const known = asAppError(error);
      if (!known || !shownOnPage(known)) throw error;
      return renderIndicatorPage(c, indicator.id, {
        reviewError: asPageError(known),
        status: known.httpStatus,
      });
    }
  });

  return app;
}

/** /api/v1/… routes of this module (registered by src/api/api.routes.ts). */
export function registerIndicatorsApi(api: OpenAPIHono<AppEnv>): void {
  registerIndicatorRoutes(api);
}
