import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { pdfBytes } from "../../test/document-files.js";
import { buildAgreement, buildUser } from "../../test/factories.js";
import { buildPartnership, buildPeople, sessionActors, TETOUAN, type User } from "../../test/worlds.js";
import type { Executor } from "../db/client.js";
import { auditEvents } from "../db/schema/index.js";
import { deleteDocument, uploadDocument } from "../documents/documents.service.js";
import { type Actor, systemActor } from "../shared/actor.js";

/*
 * The state the committee's tests start from: an internal agreement between two partners,
 * reaching one province, and people in every role in and out of its scope. Built through the
 * shared factories; the behaviour under test goes through this module's services and routes.
 */

export interface CommitteeWorld {
  /** internal, draft, parties `partnerId` (first) and `otherPartyId`, naming province 01.571 */
  agreementId: string;
  /** public, its only party `outsiderId`: readable by everyone, in nobody's scope but the staff's */
  publicAgreementId: string;
  partnerId: string;
  otherPartyId: string;
  outsiderId: string;
  users: Record<
    | "admin"
    | "staff"
    | "viewer"
    | "council"
    | "farCouncil"
    | "focal"
    | "otherFocal"
    | "outsiderFocal"
    | "partnerPerson",
    User
  >;
  actors: Record<CommitteeWorldRole, Actor>;
}
export type CommitteeWorldRole = keyof CommitteeWorld["users"];

export async function buildCommitteeWorld(db: Executor): Promise<CommitteeWorld> {
  const { partnerId, otherPartyId, outsiderId, agreement } = await buildPartnership(db);
  const publicAgreementId = (
    await buildAgreement(db, {
      visibility: "public",
      national: false,
      territoryCodes: [TETOUAN],
      parties: [{ organizationId: outsiderId, role: "signatory" }],
    })
  ).id;
  const users = {
    admin: await buildUser(db, { role: "admin" }),
    ...(await buildPeople(db, { partnerId, otherPartyId, outsiderId })),
    partnerPerson: await buildUser(db, { role: "focal_point", organizationId: partnerId }),
  };
  const actors = sessionActors(users);
  return { agreementId: agreement.id, publicAgreementId, partnerId, otherPartyId, outsiderId, users, actors };
}

export const uploadsDir = () => mkdtempSync(path.join(tmpdir(), "sharaka-meetings-"));

/** A PDF owned by the agreement (internal), optionally deleted already. */
export async function agreementDocument(
  db: Executor,
  agreementId: string,
  folder: string,
  { deleted = false }: { deleted?: boolean } = {},
) {
  const row = await uploadDocument({
    db,
    actor: systemActor,
    uploadsDir: folder,
    maxBytes: 1024 * 1024,
    input: { ownerType: "agreement", ownerId: agreementId, kind: "minutes", title: { fr: "Procès-verbal" } },
    file: { name: "pv.pdf", bytes: pdfBytes() },
  });
  if (deleted) await deleteDocument({ db, actor: systemActor, id: row.id });
  return row;
}

/** The audit events recorded about one record, oldest first. */
export async function auditTrail(db: Executor, entityId: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.entityId, entityId)).orderBy(auditEvents.id);
}

/** A date `days` from today on Casablanca's calendar (negative: in the past). */
export function moroccanDay(days: number): string {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Africa/Casablanca" }).format(
    new Date(Date.now() + days * 86_400_000),
  );
  return day;
}
