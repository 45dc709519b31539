import { desc } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import type { Executor } from "../db/client.js";
import { outboxEmails } from "../db/schema/index.js";
import { logger } from "../shared/logger.js";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** what the email is for, e.g. "password_reset"; logged instead of the body, which may hold a secret link */
  purpose: string;
  /** the body holds a one-time secret (a password link): once delivered, it is not kept */
  secret?: boolean;
}

const REDACTED = "[delivered; the body held a one-time link and is not kept]";

/** Sends through SMTP when SMTP_URL is set; otherwise keeps every email in the outbox. */
export interface Mailer {
  from: string;
  /** The SMTP transport, made with the first email (nodemailer loads then, not at start). */
  transport?: () => Promise<Transporter>;
}

export function createMailer({ smtpUrl, from }: { smtpUrl?: string; from: string }): Mailer {
  if (!smtpUrl) return { from };
  let transport: Promise<Transporter> | undefined;
  return {
    from,
    transport: () => {
      transport ??= import("nodemailer").then(({ default: nodemailer }) =>
        nodemailer.createTransport(smtpUrl),
      );
      return transport;
    },
  };
}

/**
 * Writes the email to the outbox, then sends it when there is a transport. A failed send is
 * recorded, not thrown: a password reset must not reveal whether the mail server is down.
 */
export async function sendEmail({
  db,
  mailer,
  message,
}: {
  db: Executor;
  mailer: Mailer;
  message: EmailMessage;
}): Promise<{ status: "kept" | "sent" | "failed"; error: string | null }> {
  let status: "kept" | "sent" | "failed" = "kept";
  let error: string | null = null;
  if (mailer.transport) {
    try {
      await (await mailer.transport()).sendMail({
        from: mailer.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
      status = "sent";
    } catch (cause) {
      status = "failed";
      error = cause instanceof Error ? cause.message : String(cause);
    }
  }
  await db.insert(outboxEmails).values({
    toAddress: message.to,
    subject: message.subject,
    // Without SMTP the outbox is how the link reaches its person; once sent, a database reader must not find it.
    textBody: status === "sent" && message.secret ? REDACTED : message.text,
    htmlBody: status === "sent" && message.secret ? null : (message.html ?? null),
    purpose: message.purpose,
    status,
    error,
    sentAt: status === "sent" ? new Date() : null,
  });
  const line = `email ${message.purpose} to ${message.to}: ${status}`;
  if (status === "failed") logger.warn(line, { error });
  else logger.info(line);
  return { status, error };
}

export async function listOutbox({ db, limit = 50 }: { db: Executor; limit?: number }) {
  return db.select().from(outboxEmails).orderBy(desc(outboxEmails.createdAt)).limit(limit);
}
