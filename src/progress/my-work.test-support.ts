import { buildOrganization, buildUser } from "../../test/factories.js";
import {
  buildActivity,
  buildDecision,
  buildFollowUpAction,
  buildIndicator,
  buildIndicatorValue,
  buildMeeting,
} from "../../test/followup-factories.js";
import type { Executor } from "../db/client.js";
import { periodKey } from "../domain/periods.js";
import { getAssociation } from "../partners/organizations.service.js";
import type { MyWork } from "./my-work.queries.js";
import { buildUnderwayAgreement, daysFromToday, placeActivity } from "./progress.test-support.js";

const titled = (name: string) => ({ title: { fr: name, en: name } });
const described = (name: string) => ({ description: { fr: name, en: name } });

/**
 * The world "my work" is tested in: an internal agreement under way that a focal point's
 * organisation, another and the association are parties to, with work for each, late, due or
 * later; a second the association runs; one neither the organisation nor the association is
 * party to; a draft. Users: the focal point, the staff, a council (Tétouan), a viewer, and an
 * idle focal point whose organisation answers for nothing.
 */
export async function buildMyWorkWorld(db: Executor) {
  const association = await getAssociation({ db });
  if (!association) throw new Error("the test database has no association");
  const own = await buildOrganization(db);
  const other = await buildOrganization(db);
  const users = {
    focal: await buildUser(db, { role: "focal_point", organizationId: own.id }),
    staff: await buildUser(db, { role: "secretariat" }),
    council: await buildUser(db, { role: "council", territoryCode: "01.571" }),
    viewer: await buildUser(db, { role: "viewer" }),
    idle: await buildUser(db, { role: "focal_point", organizationId: (await buildOrganization(db)).id }),
  };
  const ids: Record<string, string> = {};

  // Internal, in force, naming Tétouan; the focal point's organisation, another and the association are parties.
  const shared = await buildUnderwayAgreement(db, {
    visibility: "internal",
    national: false,
    territoryCodes: ["01.571"],
    parties: [
      { organizationId: own.id, role: "signatory" },
      { organizationId: other.id, role: "signatory" },
      { organizationId: association.id, role: "signatory" },
    ],
  });
  ids.shared = shared.id;
  const activity = (name: string, organizationId: string, extra: Record<string, unknown>) =>
    buildActivity(db, shared.id, { ...titled(name), responsibleOrganizationId: organizationId, ...extra });
  ids.ownLate = (await activity("Own late workshop", own.id, { plannedEnd: daysFromToday(-5) })).id;
  ids.ownSoon = (
    await activity("Own coming study", own.id, { status: "ongoing", plannedEnd: daysFromToday(10) })
  ).id;
  ids.ownLater = (await activity("Own distant forum", own.id, { plannedEnd: daysFromToday(90) })).id;
  await activity("Own finished course", own.id, { status: "done", plannedEnd: daysFromToday(-40) });
  await activity("Other late seminar", other.id, { plannedEnd: daysFromToday(-5) });
  ids.associationSoon = (
    await activity("Association caravan", association.id, { plannedEnd: daysFromToday(20) })
  ).id;
  // Placed in Salé only: it does not reach Tétouan although its agreement does.
  const elsewhere = await activity("Salé programme", other.id, { plannedEnd: daysFromToday(5) });
  await placeActivity(db, elsewhere.id, ["04.441"]);

  const indicator = (name: string, organizationId: string) =>
    buildIndicator(db, shared.id, {
      name: { fr: name, en: name },
      responsibleOrganizationId: organizationId,
      baselineOn: daysFromToday(-365),
      targetOn: daysFromToday(365),
    });
  const ownIndicator = await indicator("Own people trained", own.id);
  ids.ownIndicator = ownIndicator.id;
  await indicator("Other people trained", other.id);
  const associationIndicator = await indicator("Association councils reached", association.id);
  ids.lastQuarter = periodKey("quarterly", daysFromToday(-100));
  await buildIndicatorValue(db, ownIndicator.id, {
    period: ids.lastQuarter,
    status: "returned",
    returnReason: "Which source?",
    value: "12",
  });
  await buildIndicatorValue(db, associationIndicator.id, {
    period: ids.lastQuarter,
    status: "submitted",
    value: "7",
  });

  const meeting = await buildMeeting(db, shared.id);
  const decision = await buildDecision(db, meeting);
  ids.ownAction = (
    await buildFollowUpAction(db, shared.id, {
      ...described("Own overdue action"),
      ownerOrganizationId: own.id,
      decisionId: decision.id,
      dueOn: daysFromToday(-3),
    })
  ).id;
  await buildFollowUpAction(db, shared.id, { ...described("Other action"), ownerOrganizationId: other.id });
  ids.personalAction = (
    await buildFollowUpAction(db, shared.id, {
      ...described("Personal action"),
      ownerOrganizationId: other.id,
      ownerUserId: users.staff.id,
      dueOn: daysFromToday(60),
    })
  ).id;
  await buildFollowUpAction(db, shared.id, {
    ...described("Own finished action"),
    ownerOrganizationId: own.id,
    status: "done",
  });

  // A second agreement the association runs, with a late visit someone else answers for.
  const second = await buildUnderwayAgreement(db, {
    visibility: "internal",
    parties: [
      { organizationId: other.id, role: "signatory" },
      { organizationId: association.id, role: "signatory" },
    ],
  });
  ids.second = second.id;
  ids.secondLate = (
    await buildActivity(db, second.id, {
      ...titled("Second late visit"),
      responsibleOrganizationId: other.id,
      plannedEnd: daysFromToday(-30),
    })
  ).id;

  // An internal agreement neither the focal point's organisation nor the association is party to,
  // though the focal point's organisation answers for a late activity there.
  const unreadable = await buildUnderwayAgreement(db, {
    visibility: "internal",
    national: false,
    territoryCodes: ["04.441"],
  });
  await buildActivity(db, unreadable.id, {
    ...titled("Hidden activity"),
    responsibleOrganizationId: own.id,
    plannedEnd: daysFromToday(-1),
  });
  await buildFollowUpAction(db, unreadable.id, {
    ...described("Hidden action"),
    ownerOrganizationId: other.id,
  });
  await buildIndicator(db, unreadable.id, {
    name: { fr: "Hidden indicator", en: "Hidden indicator" },
    responsibleOrganizationId: other.id,
    baselineOn: daysFromToday(-365),
    targetOn: daysFromToday(365),
  });
  // A draft's dates are plans: nothing in it is due.
  const draft = await buildUnderwayAgreement(db, {
    status: "draft",
    parties: [{ organizationId: own.id, role: "signatory" }],
  });
  ids.draftActivity = (
    await buildActivity(db, draft.id, {
      ...titled("Draft activity"),
      responsibleOrganizationId: own.id,
      plannedEnd: daysFromToday(-2),
    })
  ).id;
  return { users, ids };
}

/** The page's late or due items, by agreement id. */
export function dueOf(work: MyWork) {
  const byAgreement = work.byAgreement;
  if (!byAgreement) throw new Error("no work by agreement");
  return {
    ...byAgreement,
    of: (agreementId: string | undefined) =>
      byAgreement.items.find((entry) => entry.agreement.id === agreementId),
    activities: byAgreement.items.flatMap((entry) => entry.activities),
    actions: byAgreement.items.flatMap((entry) => entry.actions),
    periods: byAgreement.items.flatMap((entry) => entry.periods),
  };
}
