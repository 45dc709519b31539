import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { type Crumb, workspaceCrumb } from "../web/breadcrumbs.js";
import { agreementPaths } from "./agreements.paths.js";

/**
 * The breadcrumbs of a page under an agreement: Workspace › Agreements › its reference › the
 * page (`page`); the agreement's own page ends at its reference.
 */
export function agreementTrail(options: {
  lang: Language;
  t: Translate;
  agreement: { id: string; reference: string };
  page?: string;
}): Crumb[] {
  const { lang, t, agreement, page } = options;
  const trail: Crumb[] = [
    workspaceCrumb(lang, t),
    { label: t("workspace.nav.agreements"), href: agreementPaths.list(lang) },
    { label: agreement.reference, href: agreementPaths.workspace(lang, agreement.id) },
  ];
  if (page) trail.push({ label: page });
  return trail;
}
