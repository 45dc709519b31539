import { activitySection } from "../activities/activities.section.js";
import type { AgreementPageParts } from "../agreements/agreement-detail.render.js";
import { ownerDocumentsSection } from "../documents/documents.section.js";
import { documentNotice } from "../documents/documents.views.js";
import { indicatorSection } from "../indicators/indicators.section.js";
import { canReadCommittee } from "../meetings/committee.policy.js";
import { meetingSection } from "../meetings/meetings.section.js";
import type { OrganizationPageParts } from "../partners/organizations.routes.js";
import { agreementsMatchingFollowUp, keptHealthFor } from "../progress/dashboard.queries.js";
import { healthSection } from "../progress/health.section.js";
import { agreementHealthFor } from "../progress/standings.js";
import { AgreementTable } from "./agreement-table.views.js";

/** The agreement pages' sections from the follow-up modules, composed here where they are all mounted. */
export const agreementPageParts: AgreementPageParts = {
  documents: (c, agreementId) => ownerDocumentsSection(c, "agreement", agreementId),
  documentNotice,
  health: healthSection,
  followUp: [
    { section: "plans", render: activitySection },
    { section: "indicators", render: indicatorSection },
    {
      section: "committee",
      render: meetingSection,
      shows: (c, agreement) =>
        canReadCommittee({ db: c.var.db, actor: c.var.actor, agreementId: agreement.id }),
    },
  ],
  table: async (c, items, highlight, followed) => {
    const { db, actor } = c.var;
    const agreementIds = items.map((item) => item.id);
    const health = await (followed ? keptHealthFor : agreementHealthFor)({ db, actor, agreementIds });
    return <AgreementTable items={items} health={health} highlight={highlight} />;
  },
  followUpSelection: (c, filter) => agreementsMatchingFollowUp({ db: c.var.db, actor: c.var.actor, filter }),
};

/** The organisation page's documents, from the documents module. */
export const organizationPageParts: OrganizationPageParts = {
  documents: (c, organizationId) => ownerDocumentsSection(c, "organization", organizationId),
  documentNotice,
};
