import type { Config } from "../config.js";
import { userRoles } from "../db/schema/index.js";
import { cliActor } from "../shared/actor.js";
import { AppError, asAppError } from "../shared/errors.js";
import { isLanguage, languages } from "../shared/localized.js";
import { parseInput } from "../shared/validation.js";
import { MIN_PASSWORD_LENGTH, passwordLink } from "../users/password-links.js";
import { type UserInput, userInputSchema } from "../users/users.input.js";
import { createUser } from "../users/users.service.js";
import type { Output } from "./commands.js";
import { openForCommand } from "./open.js";

export interface UserAddOptions {
  email?: string;
  role?: string;
  name?: string;
  organization?: string;
  territory?: string;
  lang?: string;
  /** the translator permission's languages, comma-separated ("en" or "ar,en") */
  translates?: string;
  passwordStdin?: boolean;
}

const MAX_STDIN_BYTES = 64 * 1024;

/** All of standard input as text (a password piped in, or typed and ended with Ctrl-D). */
export async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) throw new AppError("usage", "Standard input is too long for a password");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const invalid = (field: string, message: string) =>
  new AppError("validation", `${field}: ${message}`, { issues: [{ field, message }] });

/**
 * `sharaka user add`: creates an account from the command line, e.g. the first administrator.
 * With --password-stdin the password is read from standard input (never from an argument,
 * which other users of the machine could see); otherwise a one-time link to choose it is printed.
 */
export async function userAddCommand(
  config: Config,
  io: Output,
  options: UserAddOptions,
  readPassword: () => Promise<string> = readStandardInput,
): Promise<void> {
  if (!options.email) throw new AppError("usage", "user add needs --email EMAIL and --role ROLE");
  if (!options.role) throw new AppError("usage", "user add needs --role ROLE");
  if (!(userRoles as readonly string[]).includes(options.role)) {
    throw invalid("role", `"${options.role}" is not a role: use one of ${userRoles.join(", ")}`);
  }
  const lang = options.lang ?? "fr";
  if (!isLanguage(lang))
    throw invalid("lang", `"${lang}" is not a language: use one of ${languages.join(", ")}`);
  const translates =
    options.translates === undefined ? [] : options.translates.split(",").map((code) => code.trim());
  const notALanguage = translates.find((code) => !isLanguage(code));
  if (notALanguage !== undefined)
    throw invalid(
      "translates",
      `"${notALanguage}" is not a language: use some of ${languages.join(", ")}, comma-separated`,
    );
  let password: string | undefined;
  if (options.passwordStdin) {
    // One trailing line break is the end of what was typed or echoed, not part of the password.
    password = (await readPassword()).replace(/\r?\n$/, "");
    if (!password) throw invalid("password", "standard input was empty: pipe the password in");
  }
  const input = {
    email: options.email,
    name: options.name ?? options.email.split("@")[0] ?? options.email,
    role: options.role,
    organizationId: options.organization,
    territoryCode: options.territory,
    locale: lang,
    translates,
  } as UserInput;
  // Bad input is refused before the database is opened (and waited for); createUser checks again.
  parseInput(userInputSchema, input);
  if (password !== undefined && password.length < MIN_PASSWORD_LENGTH) {
    throw invalid("password", `must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }

  const handle = await openForCommand(config, "user add");
  try {
    const { user, passwordToken } = await createUser({
      db: handle.db,
      actor: cliActor("user add"),
      input,
      password,
    }).catch((error: unknown) => {
      // An address already in use is bad input here, not a race: exit 2 like any other field.
      const known = asAppError(error);
      if (known?.code === "conflict" && known.issues.length) {
        throw new AppError("validation", known.message, { issues: known.issues });
      }
      throw error;
    });
    io.out(`Created the ${user.role} account ${user.email} (id ${user.id}).`);
    if (passwordToken) {
      const base = (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, "");
      io.out("To choose the password, open this link within 24 hours (it works once):");
      io.out(passwordLink(base, lang, passwordToken));
    } else {
      io.out("The account can sign in with the password given.");
    }
  } finally {
    await handle.close();
  }
}
