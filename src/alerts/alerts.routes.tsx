import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { type AlertKind, alertKinds } from "../db/schema/index.js";
import { todayInMorocco } from "../domain/periods.js";
import { AppError, type FieldIssue, notFound } from "../shared/errors.js";
import { formatDate, type Translate } from "../shared/i18n.js";
import { blankToUndefined } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { saveOrReshow } from "../web/form-save.js";
import { fieldLabel, readFormBody } from "../web/forms.js";
import { renderFragment, renderWorkspace } from "../web/page.js";
import { parsePageQuery } from "../web/validation.js";
import { MAX_LEAD_DAYS, MAX_LEAD_TIMES } from "./alert-rules.js";
import { assertOwnAlert } from "./alerts.api.js";
import {
  alertPolicy,
  assertCanActOnOwnAlerts,
  assertCanReadAlerts,
  assertCanSetLeadTimes,
} from "./alerts.policy.js";
import {
  acknowledgeAlert,
  getAlertPreferences,
  type LeadTimesEntry,
  listAlertsFor,
  listLeadTimes,
  restoreAlert,
  setAlertPreferences,
  setLeadTimes,
  snoozeAlert,
} from "./alerts.service.js";
import {
  AlertCentrePage,
  AlertList,
  centrePath,
  formatLeadDays,
  LeadTimesPage,
  type LeadTimesState,
  NoticeRegion,
  PreferencesPage,
  preferencesPath,
  RefusalBox,
  rulesPath,
} from "./alerts.views.js";

/* /{lang}/workspace/alerts…: the alert centre, the person's choices, the lead times (administrators). */

type Ctx = Context<AppEnv>;

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const isKind = (value: string | undefined): value is AlertKind =>
  (alertKinds as readonly string[]).includes(value ?? "");

const centreQuery = z.object({
  show: z.preprocess(blankToUndefined, z.enum(["hidden"]).optional()),
  // Notices are ours to word: an unknown one is ignored, not refused.
  notice: z.string().optional(),
  until: z.string().optional(),
  kind: z.string().optional(),
  /** only one kind's alerts */
  filter: z.preprocess(blankToUndefined, z.enum(alertKinds).optional()),
});

/** The text of a `?notice=…` this module redirects with; undefined for anything else. */
function noticeText(c: Ctx): string | undefined {
  const { lang, t } = c.var;
  const until = c.req.query("until");
  const kind = c.req.query("kind");
  switch (c.req.query("notice")) {
    case "acknowledged":
      return t("alertCentre.notices.acknowledged");
    case "snoozed":
      return until && isoDay.test(until)
        ? t("alertCentre.notices.snoozed", { date: formatDate(lang, until) })
        : undefined;
    case "restored":
      return t("alertCentre.notices.restored");
    case "preferences-saved":
      return t("alertCentre.notices.preferencesSaved");
    case "rules-saved":
      return isKind(kind)
        ? t("alertCentre.notices.rulesSaved", { kind: t(`alerts.kinds.${kind}`) })
        : undefined;
    default:
      return undefined;
  }
}

/** This module's fields by their names on the page: a kind by its name, the others by their label. */
const ownLabels: Record<string, string> = {
  leadDays: "alertCentre.fields.leadDays",
  days: "alertCentre.fields.days",
  version: "alertCentre.fields.version",
};

function localizeAlertIssue(issue: FieldIssue, t: Translate): string {
  const [name = ""] = issue.field.split(".");
  const own = ownLabels[name];
  const label = isKind(name) ? t(`alerts.kinds.${name}`) : own ? t(own) : fieldLabel(issue.field, t);
  // A module's own reasons are named with their namespace ("alerts.reasons.x").
  const key = issue.reason?.includes(".") ? issue.reason : `reasons.${issue.reason}`;
  const reason = issue.reason ? t(key, { ...issue.values, defaultValue: issue.message }) : issue.message;
  return t("errors.invalidField", { field: label, reason });
}

const localizeRefusal = (error: AppError, t: Translate): string[] =>
  error.issues.length ? error.issues.map((issue) => localizeAlertIssue(issue, t)) : [error.message];

/** Latin digits for the Arabic-Indic ones a keyboard may type (٩٠ is 90). */
const latinDigits = (text: string) =>
  text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) => {
    const code = digit.charCodeAt(0);
    return String(code - (code >= 0x06f0 ? 0x06f0 : 0x0660));
  });

/**
 * "90, 30, 7" as days. What the service would refuse in general terms (not a number, out of
 * range, too many) is refused here with a reason that says how to write it, naming `leadDays`.
 */
export function parseLeadDays(raw: string): { leadDays: number[]; issues: FieldIssue[] } {
  const tokens = latinDigits(raw)
    .split(/[\s,،;]+/)
    .filter((token) => token !== "");
  const issues: FieldIssue[] = tokens
    .filter((token) => !/^\d+$/.test(token))
    .map((token) => ({
      field: "leadDays",
      message: `"${token}" is not a whole number of days`,
      reason: "alertCentre.reasons.notANumber",
      values: { value: token },
    }));
  const leadDays = tokens.filter((token) => /^\d+$/.test(token)).map(Number);
  if (leadDays.some((days) => days > MAX_LEAD_DAYS))
    issues.push({
      field: "leadDays",
      message: `each lead time must be between 0 and ${MAX_LEAD_DAYS} days`,
      reason: "alertCentre.reasons.outOfRange",
      values: { max: MAX_LEAD_DAYS },
    });
  if (new Set(leadDays).size > MAX_LEAD_TIMES)
    issues.push({
      field: "leadDays",
      message: `at most ${MAX_LEAD_TIMES} lead times`,
      reason: "alertCentre.reasons.tooMany",
      values: { max: MAX_LEAD_TIMES },
    });
  return { leadDays: [...new Set(leadDays)], issues };
}

const formField = (body: Record<string, unknown>, name: string): string | undefined => {
  const value = body[name];
  return typeof value === "string" ? value.trim() : undefined;
};

/** The centre (open or hidden alerts), for a page or for htmx's swap of the list. */
async function loadCentre(c: Ctx, hidden: boolean, filter?: AlertKind) {
  const now = new Date();
  const { items, total, byKind } = await listAlertsFor({
    db: c.var.db,
    actor: c.var.actor,
    now,
    hidden,
    kind: filter,
  });
  return { today: todayInMorocco(now), items, total, byKind, filter };
}

/** The kind an action's form was filtered on, so the list it goes back to is the same; ignored when unknown. */
const filterOf = (body: Record<string, unknown>): AlertKind | undefined => {
  const value = formField(body, "filter");
  return isKind(value) ? value : undefined;
};

async function renderCentre(
  c: Ctx,
  {
    hidden,
    filter,
    refusal,
    status,
  }: { hidden: boolean; filter?: AlertKind; refusal?: string[]; status?: number },
) {
  const { t, actor } = c.var;
  const centre = await loadCentre(c, hidden, filter);
  return renderWorkspace(c, {
    title: t("alertCentre.title"),
    section: "alerts",
    status,
    children: (
      <AlertCentrePage
        {...centre}
        hidden={hidden}
        notice={noticeText(c)}
        refusal={refusal}
        showRules={alertPolicy.canSetLeadTimes(actor)}
      />
    ),
  });
}

/**
 * After acting on an alert: a page is sent back to the centre with a notice; htmx gets the
 * list as it now is (the alert gone), and the notice in the live region.
 */
async function answerAction(
  c: Ctx,
  { hidden, filter, notice, query }: { hidden: boolean; filter?: AlertKind; notice: string; query: string },
) {
  const { lang } = c.var;
  if (!c.req.header("HX-Request")) {
    const path = centrePath(lang, hidden, filter);
    return c.redirect(`${path}${path.includes("?") ? "&" : "?"}${query}`, 303);
  }
  const centre = await loadCentre(c, hidden, filter);
  return renderFragment(
    c,
    <>
      <AlertList {...centre} hidden={hidden} focus />
      <NoticeRegion text={notice} oob />
    </>,
  );
}

const alertIdOf = (c: Ctx) => c.req.param("alertId") ?? "";

export function alertWorkspaceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/alerts", async (c) => {
    assertCanReadAlerts(c.var.actor);
    const query = parsePageQuery(centreQuery, c.req.query(), c.var.t);
    return renderCentre(c, { hidden: query.show === "hidden", filter: query.filter });
  });

  app.get("/alerts/preferences", async (c) => {
    const { db, actor, t } = c.var;
    const values = await getAlertPreferences({ db, actor });
    return renderWorkspace(c, {
      title: t("alertCentre.preferences.title"),
      section: "alerts",
      children: <PreferencesPage values={values} notice={noticeText(c)} />,
    });
  });

  app.post("/alerts/preferences", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanActOnOwnAlerts(actor);
    const body = await readFormBody(c);
    // Only the kinds' fields are read; a kind left out keeps its mode.
    const input: Partial<Record<AlertKind, string>> = {};
    for (const kind of alertKinds) {
      const value = formField(body, kind);
      if (value !== undefined && value !== "") input[kind] = value;
    }
    return saveOrReshow(
      async () => {
        await setAlertPreferences({ db, actor, input });
        return c.redirect(`${preferencesPath(lang)}?notice=preferences-saved`, 303);
      },
      {
        invalid: async (refused) => {
          const values = { ...(await getAlertPreferences({ db, actor })), ...input };
          return renderWorkspace(c, {
            title: t("alertCentre.preferences.title"),
            section: "alerts",
            status: 400,
            children: <PreferencesPage values={values} refusal={localizeRefusal(refused, t)} />,
          });
        },
      },
    );
  });

  app.get("/alerts/rules", async (c) => {
    const { db, actor, t } = c.var;
    assertCanSetLeadTimes(actor);
    return renderWorkspace(c, {
      title: t("alertCentre.rules.title"),
      section: "alerts",
      children: <LeadTimesPage entries={await listLeadTimes({ db })} notice={noticeText(c)} />,
    });
  });

  app.post("/alerts/rules/:alertKind", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanSetLeadTimes(actor);
    const kind = c.req.param("alertKind");
    if (!isKind(kind)) throw notFound("Alert kind", kind);
    const body = await readFormBody(c);
    const raw = formField(body, "leadDays") ?? "";
    const version = Number(formField(body, "version") || Number.NaN);
    const rerender = async (state: LeadTimesState, status: number, entries?: LeadTimesEntry[]) =>
      renderWorkspace(c, {
        title: t("alertCentre.rules.title"),
        section: "alerts",
        status,
        children: (
          <LeadTimesPage entries={entries ?? (await listLeadTimes({ db }))} states={{ [kind]: state }} />
        ),
      });
    const parsed = parseLeadDays(raw);
    if (parsed.issues.length) {
      const refused = new AppError("validation", "the lead times are not valid", { issues: parsed.issues });
      return rerender({ raw, refusal: localizeRefusal(refused, t) }, 400);
    }
    return saveOrReshow(
      async () => {
        await setLeadTimes({ db, actor, input: { kind, leadDays: parsed.leadDays, version } });
        return c.redirect(`${rulesPath(lang)}?notice=rules-saved&kind=${kind}#rules-${kind}`, 303);
      },
      {
        invalid: (invalid) => rerender({ raw, refusal: localizeRefusal(invalid, t) }, 400),
        conflict: async (refusal) => {
          // Someone saved first: their lead times beside the person's text, which the form keeps.
          const entries = await listLeadTimes({ db });
          const theirs = entries.find((entry) => entry.kind === kind);
          if (!theirs) throw refusal;
          const rows = [
            { label: t("alertCentre.rules.label"), theirs: formatLeadDays(theirs.leadDays), yours: raw },
          ];
          return rerender({ raw, conflict: { version: theirs.version, rows } }, 409, entries);
        },
      },
    );
  });

  app.post("/alerts/:alertId/acknowledge", async (c) => {
    const { db, actor, t } = c.var;
    const alertId = alertIdOf(c);
    await assertOwnAlert({ db, actor, alertId });
    const filter = filterOf(await readFormBody(c));
    await acknowledgeAlert({ db, actor, alertId, now: new Date() });
    return answerAction(c, {
      hidden: false,
      filter,
      notice: t("alertCentre.notices.acknowledged"),
      query: "notice=acknowledged",
    });
  });

  app.post("/alerts/:alertId/snooze", async (c) => {
    const { db, actor, lang, t } = c.var;
    const alertId = alertIdOf(c);
    // Whose alert it is comes first: a person not told of it learns nothing from validation.
    await assertOwnAlert({ db, actor, alertId });
    const body = await readFormBody(c);
    const days = formField(body, "days");
    const filter = filterOf(body);
    return saveOrReshow(
      async () => {
        const { snoozedUntil } = await snoozeAlert({ db, actor, alertId, input: { days }, now: new Date() });
        return answerAction(c, {
          hidden: false,
          filter,
          notice: t("alertCentre.notices.snoozed", { date: formatDate(lang, snoozedUntil) }),
          query: `notice=snoozed&until=${snoozedUntil}`,
        });
      },
      {
        invalid: (refused) => {
          const messages = localizeRefusal(refused, t);
          if (c.req.header("HX-Request")) return renderFragment(c, <RefusalBox messages={messages} />, 400);
          return renderCentre(c, { hidden: false, filter, refusal: messages, status: 400 });
        },
      },
    );
  });

  app.post("/alerts/:alertId/restore", async (c) => {
    const { db, actor, t } = c.var;
    const alertId = alertIdOf(c);
    await assertOwnAlert({ db, actor, alertId });
    const filter = filterOf(await readFormBody(c));
    await restoreAlert({ db, actor, alertId });
    return answerAction(c, {
      hidden: true,
      filter,
      notice: t("alertCentre.notices.restored"),
      query: "notice=restored",
    });
  });

  return app;
}
