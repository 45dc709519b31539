import { APIError, betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { accounts, rateLimits, sessions, users, verifications } from "../db/schema/index.js";
import { type Mailer, sendEmail } from "../mail/mail.service.js";
import { type Language, languages } from "../shared/localized.js";
import { passwordResetEmail } from "../users/password-links.emails.js";
import { MIN_PASSWORD_LENGTH, PASSWORD_LINK_SECONDS, passwordLink } from "../users/password-links.js";
import { forgetOlderPasswordLinks, revokeTokensAfterPasswordReset } from "../users/users.service.js";
import { AUTH_BASE_PATH } from "./auth.constants.js";

export { AUTH_BASE_PATH };

export interface AuthOptions {
  /** the address people reach the application at, e.g. https://sharaka.example.org */
  publicUrl: string;
  secret: string;
  sessionDays: number;
  signInPerMinute: number;
  mailer: Mailer;
}

/**
 * better-auth over our own tables. Its router (origin check, rate limit) handles every
 * sign-in, including the workspace's HTML form, which forwards to it.
 */
export function createAuth({ db, options }: { db: Database; options: AuthOptions }) {
  const secure = options.publicUrl.startsWith("https://");
  return betterAuth({
    appName: "Sharaka",
    baseURL: options.publicUrl,
    basePath: AUTH_BASE_PATH,
    secret: options.secret,
    trustedOrigins: [new URL(options.publicUrl).origin],
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: {
        user: users,
        session: sessions,
        account: accounts,
        verification: verifications,
        rateLimit: rateLimits,
      },
    }),
    emailAndPassword: {
      enabled: true,
      // Accounts are created by an administrator, never by sign-up.
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: 256,
      resetPasswordTokenExpiresIn: PASSWORD_LINK_SECONDS,
      revokeSessionsOnPasswordReset: true,
      onPasswordReset: async ({ user }) => {
        await revokeTokensAfterPasswordReset({ db, userId: user.id });
      },
      sendResetPassword: async ({ user, token }) => {
        await forgetOlderPasswordLinks({ db, userId: user.id, keepToken: token });
        const lang = languages.includes((user as { locale?: Language }).locale as Language)
          ? ((user as { locale?: Language }).locale as Language)
          : "fr";
        await sendEmail({
          db,
          mailer: options.mailer,
          message: passwordResetEmail({
            lang,
            to: user.email,
            link: passwordLink(options.publicUrl, lang, token),
          }),
        });
      },
    },
    user: {
      additionalFields: {
        role: { type: "string", input: false, required: false, defaultValue: "viewer" },
        organizationId: { type: "string", input: false, required: false },
        territoryCode: { type: "string", input: false, required: false },
        locale: { type: "string", input: false, required: false, defaultValue: "fr" },
        translates: { type: "string[]", input: false, required: false, defaultValue: [] },
        active: { type: "boolean", input: false, required: false, defaultValue: true },
      },
    },
    databaseHooks: {
      session: {
        create: {
          // Every session starts here, after the password was checked: a deactivated account
          // is refused with the very answer a wrong password gets, so nobody learns from the
          // sign-in that the password was right.
          before: async (session) => {
            const [user] = await db
              .select({ active: users.active })
              .from(users)
              .where(eq(users.id, session.userId));
            if (!user?.active) {
              throw new APIError("UNAUTHORIZED", {
                message: "Invalid email or password",
                code: "INVALID_EMAIL_OR_PASSWORD",
              });
            }
          },
        },
      },
    },
    session: {
      expiresIn: options.sessionDays * 24 * 60 * 60,
      // Extend an active session at most once a day.
      updateAge: 24 * 60 * 60,
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/*": { window: 60, max: options.signInPerMinute },
        "/request-password-reset": { window: 60, max: 5 },
      },
    },
    advanced: {
      useSecureCookies: secure,
      cookiePrefix: "sharaka",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure },
      // The mount in auth.routes.ts replaces X-Forwarded-For with the one address it trusts
      // (the socket's, or the client's behind TRUSTED_PROXIES), so a client cannot spoof it.
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
    },
    telemetry: { enabled: false },
    // "User not found" on a mistyped email is a normal event, not a warning for the operator.
    logger: { level: "error" },
  });
}

export type Auth = ReturnType<typeof createAuth>;
