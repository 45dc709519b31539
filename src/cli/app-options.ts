import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { AppOptions } from "../app.js";
import type { Config } from "../config.js";
import { createMailer } from "../mail/mail.service.js";
import { AppError } from "../shared/errors.js";
import { buildSlots } from "../web/build-slots.js";

/**
 * The secret that signs session cookies: AUTH_SECRET, or in the embedded default a random
 * one kept in the data folder (mode 0600), made on first start. Every process sharing a
 * PostgreSQL server must share one secret, so there AUTH_SECRET is required.
 */
export function resolveAuthSecret(config: Config): string {
  if (config.authSecret) return config.authSecret;
  if (config.databaseUrl) {
    throw new AppError(
      "usage",
      "AUTH_SECRET is required with DATABASE_URL: set it to the same random string (32 characters or more) for every process",
    );
  }
  const file = path.join(config.dataDir, "auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(config.dataDir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  }
}

/**
 * The public address as links are built from it: lower-case scheme and host (as the URL
 * standard writes them, and as calendar and email clients expect), no trailing slash.
 */
export function normalizePublicUrl(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/** Where the embedded database keeps documents' files (and where a PostgreSQL install finds those of an earlier embedded one). */
export const documentsFolder = (config: Config): string => path.join(config.dataDir, "documents");

export function appOptionsFromConfig(config: Config, publicUrl: string): AppOptions {
  return {
    publicUrl: normalizePublicUrl(publicUrl),
    authSecret: resolveAuthSecret(config),
    sessionDays: config.sessionDays,
    signInPerMinute: config.signInPerMinute,
    mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom }),
    uploadsDir: documentsFolder(config),
    uploadMaxBytes: config.uploadMaxBytes,
    bodyMaxBytes: config.bodyMaxBytes,
    trustedProxies: config.trustedProxies,
    metricsAllow: config.metricsAllow,
    publicCacheBytes: config.publicCacheBytes,
    exportSlots: buildSlots(config.exportBuilds),
    iatiOrganisationId: config.iatiOrganisationId,
  };
}
