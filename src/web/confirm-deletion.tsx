import type { Context } from "hono";
import type { AppEnv } from "./context.js";
import { renderWorkspace } from "./page.js";

/*
 * The confirmation step of a deletion or an irreversible change: its own page, reached by a link
 * (so it works without JavaScript), naming the record and what goes with it, with the form that
 * does it (the same origin check as every form) and a way back. The POST it sends carries
 * confirm=yes, which the routes' assertConfirmed asks for.
 */
export interface ConfirmStepProps {
  /** the page's heading, a question naming the record: "Delete the indicator “People trained”?" */
  heading: string;
  /** what goes with it or what follows, one sentence each ("Its 3 values are deleted with it.") */
  consequences: string[];
  /** the deleted record can be restored from the recently deleted list for 30 days */
  restorable?: boolean;
  /** said instead of "restorable" or "cannot be undone" (a suspension can be lifted) */
  note?: string;
  /** where the form posts */
  action: string;
  /** the page the person came from */
  cancelHref: string;
  confirmLabel: string;
  /** hidden fields the POST needs beside confirm=yes (the version seen, a target status) */
  hidden?: Record<string, string>;
}

export function ConfirmStep({ props, t }: { props: ConfirmStepProps; t: (key: string) => string }) {
  const note =
    props.note ?? (props.restorable ? t("undo.confirm.restorable") : t("undo.confirm.irreversible"));
  return (
    <section class="confirm-step" aria-labelledby="confirm-heading">
      <h1 id="confirm-heading">{props.heading}</h1>
      {props.consequences.length ? (
        <ul class="consequences">
          {props.consequences.map((line) => (
            <li>{line}</li>
          ))}
        </ul>
      ) : null}
      <p>{note}</p>
      <form method="post" action={props.action} class="actions">
        <input type="hidden" name="confirm" value="yes" />
        {Object.entries(props.hidden ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button type="submit" class="button danger">
          {props.confirmLabel}
        </button>
        <a class="button secondary" href={props.cancelHref}>
          {t("undo.confirm.cancel")}
        </a>
      </form>
    </section>
  );
}

/** The confirmation page in the workspace frame. */
export function renderConfirmStep(c: Context<AppEnv>, props: ConfirmStepProps) {
  const { t } = c.var;
  return renderWorkspace(c, {
    title: props.heading,
    section: "none",
    children: <ConfirmStep props={props} t={t} />,
  });
}

/** A link to a confirmation page, where a one-click form used to be. */
export function ConfirmLink({
  href,
  label,
  class: className,
}: {
  href: string;
  label: string;
  class?: string;
}) {
  return (
    <a class={className ?? "button secondary"} href={href}>
      {label}
    </a>
  );
}
