import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase, queryRows } from "../../test/database.js";
import { buildUser } from "../../test/factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { createMailer } from "./mail.service.js";

/** A real SMTP server on loopback: what nodemailer hands over is what a mail server receives. */
interface Received {
  from: string;
  to: string[];
  data: string;
}
let server: SMTPServer;
let port: number;
const received: Received[] = [];
let handle: DatabaseHandle;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let data = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        data += chunk;
      });
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((entry) => entry.address),
          data,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
  handle = await createTestDatabase();
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await handle?.close();
});

const forgot = (app: ReturnType<typeof createTestApp>, lang: string, email: string) =>
  app.request(`/${lang}/workspace/forgot-password`, {
    method: "POST",
    headers: { origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email }).toString(),
  });

/** Every MIME part's body, decoded (base64 or quoted-printable), joined: what a mail client shows. */
function decodedParts(data: string): string {
  const parts = [
    ...data.matchAll(
      /Content-Transfer-Encoding: (base64|quoted-printable)\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)(?=\r\n--|$)/gi,
    ),
  ];
  return parts
    .map(([, encoding, body = ""]) =>
      encoding?.toLowerCase() === "base64"
        ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
        : Buffer.from(
            body
              .replace(/=\r\n/g, "")
              .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
            "latin1",
          ).toString("utf8"),
    )
    .join("\n");
}

describe("emails through SMTP", () => {
  it("sends the password link to the account's address, in its language, and records it as sent", async () => {
    const app = createTestApp(handle.db, {
      mailer: createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "Sharaka <no-reply@sharaka.test>" }),
    });
    const user = await buildUser(handle.db, { role: "viewer", locale: "ar" });
    const response = await forgot(app, "fr", user.email);
    expect(response.status).toBe(200);
    const message = received.find((entry) => entry.to.includes(user.email));
    expect(message?.from).toBe("no-reply@sharaka.test");
    const text = decodedParts(message?.data ?? "");
    expect(text).toContain("/ar/workspace/reset-password?token=");
    expect(text).toContain("استعمل هذا الرابط");
    const [row] = await queryRows<{ status: string; text_body: string }>(
      handle.db,
      sql`select status, text_body from outbox_emails where to_address = ${user.email}`,
    );
    expect(row?.status).toBe("sent");
    // Delivered: the one-time link is not kept where a database reader could use it.
    expect(row?.text_body).not.toContain("token=");
  });

  it("records a failed send without telling the visitor anything different", async () => {
    const app = createTestApp(handle.db, {
      mailer: createMailer({ smtpUrl: "smtp://127.0.0.1:1", from: "Sharaka <no-reply@sharaka.test>" }),
    });
    const user = await buildUser(handle.db, { role: "viewer" });
    const response = await forgot(app, "fr", user.email);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Si un compte utilise cette adresse");
    const [row] = await queryRows<{ status: string; error: string }>(
      handle.db,
      sql`select status, error from outbox_emails where to_address = ${user.email}`,
    );
    expect(row?.status).toBe("failed");
    expect(row?.error).toMatch(/ECONNREFUSED/);
  });
});
