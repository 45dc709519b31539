import { parseArgs } from "node:util";
import type { Output } from "./cli/commands.js";
import { exitWhenWritten, watchOutput } from "./cli/output.js";
import { parseConfig } from "./config.js";
import { AppError, asAppError } from "./shared/errors.js";
import { logger, setLogLevel } from "./shared/logger.js";

const usage = `Usage: sharaka <command> [options]

Commands:
  serve [--workers N]            serve the portal and the API (migrates first); with
                                 DATABASE_URL, N processes (0: one per core)
  migrate                        bring the database to the current schema (and read the
                                 text of documents never read)
  reindex [--all]                rebuild the search index and read the text of documents
                                 never read (--all: of every document again)
  import FILE [--dry-run]        import an agreements page (ar, fr or en), a JSON export, or
      [--lang en]                a workbook (.xlsx), one sheet (.csv) or the CSV export's zip
                                 in the layout of docs/spreadsheet-format.md; its problems
                                 are told in --lang
  export --format json [-o FILE] write every record as JSON (see docs/registry-format.md)
  backup -o FILE                 write everything to one archive: the registry, accounts,
                                 documents and alerts (not sessions or API tokens)
  restore FILE                   restore a backup into a new, empty database
  export --format xlsx|csv       the registry as a workbook (docs/spreadsheet-format.md):
      [-o FILE] [--lang fr]      XLSX, or CSV as a zip of one file per sheet; --sheet NAME
      [--sheet NAME] [--public]  one CSV; --public only what the public may read;
      [--template]               --template the empty XLSX to fill in; --lang ar|fr|en headers
  user add --email E --role R    create an account; R is admin, secretariat, focal_point,
      [--name N]                 council or viewer; a focal_point needs --organization ORG_ID,
      [--organization ORG_ID]    a council --territory CODE (its prefecture or province);
      [--territory CODE]         --lang ar|fr|en (default fr); --password-stdin reads the
      [--lang fr]                password from standard input, otherwise a one-time link to
      [--translates en]          choose it is printed (valid 24 hours); --translates ar,fr,en
      [--password-stdin]         the languages it may translate texts into (and nothing else)
  alerts run                     evaluate today's alerts now and send the daily digests
                                 (a serving process does it each day at ALERTS_DAILY_AT)
  help                           show this text

Environment:
  SHARAKA_DATA_DIR   embedded database folder (default ./data)
  DATABASE_URL       use this PostgreSQL server instead of the embedded database
  PORT, HOST         where serve listens (default 3000 on 0.0.0.0)
  WORKERS            processes serve runs without --workers (default 1; more need DATABASE_URL)
  PUBLIC_URL         the address links in emails and calendars start with
  SMTP_URL           send emails through this server (otherwise they stay in the outbox)
  ALERTS_DAILY_AT    when serving processes run the day's alerts, Casablanca time
                     (default 07:00; "off" leaves it to "sharaka alerts run")
`;

// Each command loads its modules when it runs (the database, the application…): help, a usage
// error or a bad setting answer without loading them (measured: "sharaka --help" 2.1 s → see the note).
const commands = () => import("./cli/commands.js");

const io: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        "dry-run": { type: "boolean" },
        workers: { type: "string" },
        format: { type: "string" },
        output: { type: "string", short: "o" },
        help: { type: "boolean", short: "h" },
        email: { type: "string" },
        role: { type: "string" },
        name: { type: "string" },
        organization: { type: "string" },
        territory: { type: "string" },
        lang: { type: "string" },
        translates: { type: "string" },
        "password-stdin": { type: "boolean" },
        all: { type: "boolean" },
        sheet: { type: "string" },
        public: { type: "boolean" },
        template: { type: "boolean" },
      },
    });
  }
  try {
    parsed = parse();
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || !command || command === "help") {
    io.out(usage);
    return command || parsed.values.help ? 0 : 2;
  }
  try {
    const config = parseConfig();
    setLogLevel(config.logLevel);
    const expectArgs = (n: number, what: string) => {
      if (rest.length !== n) throw new AppError("usage", `${command} takes ${what}`);
    };
    switch (command) {
      case "serve": {
        expectArgs(0, "no argument");
        const { serveFromCommandLine } = await import("./cli/serve-workers.js");
        await serveFromCommandLine(config, io, parsed.values.workers);
        return -1; // keeps running
      }
      case "migrate":
        expectArgs(0, "no argument");
        await (await commands()).migrateCommand(config, io);
        return 0;
      case "reindex":
        expectArgs(0, "no argument: sharaka reindex [--all]");
        await (await commands()).reindexCommand(config, io, { again: parsed.values.all ?? false });
        return 0;
      case "import":
        expectArgs(1, "one file: sharaka import FILE [--dry-run] [--lang ar|fr|en]");
        await (await commands()).importCommand(
          config,
          io,
          rest[0] as string,
          parsed.values["dry-run"] ?? false,
          parsed.values.lang,
        );
        return 0;
      case "export":
        expectArgs(0, "no positional argument: sharaka export --format json|xlsx|csv [-o FILE]");
        if (!parsed.values.format) throw new AppError("usage", "export needs --format json, xlsx or csv");
        await (await commands()).exportCommand(config, io, parsed.values.format, parsed.values.output, {
          sheet: parsed.values.sheet,
          lang: parsed.values.lang,
          public: parsed.values.public,
          template: parsed.values.template,
        });
        return 0;
      case "backup": {
        expectArgs(0, "no positional argument: sharaka backup -o FILE");
        const { backupCommand } = await import("./cli/backup-command.js");
        await backupCommand(config, io, parsed.values.output);
        return 0;
      }
      case "restore": {
        expectArgs(1, "one file: sharaka restore FILE");
        const { restoreCommand } = await import("./cli/backup-command.js");
        await restoreCommand(config, io, rest[0] as string);
        return 0;
      }
      case "alerts":
        if (rest[0] !== "run" || rest.length !== 1)
          throw new AppError("usage", "alerts takes one subcommand: sharaka alerts run");
        await (await commands()).alertsRunCommand(config, io);
        return 0;
      case "user": {
        if (rest[0] !== "add" || rest.length !== 1)
          throw new AppError("usage", "user takes one subcommand: sharaka user add --email E --role R");
        const { userAddCommand } = await import("./cli/user-command.js");
        await userAddCommand(config, io, {
          email: parsed.values.email,
          role: parsed.values.role,
          name: parsed.values.name,
          organization: parsed.values.organization,
          territory: parsed.values.territory,
          lang: parsed.values.lang,
          translates: parsed.values.translates,
          passwordStdin: parsed.values["password-stdin"] ?? false,
        });
        return 0;
      }
      default:
        throw new AppError("usage", `Unknown command "${command}". Run "sharaka help".`);
    }
  } catch (caught) {
    const error = asAppError(caught);
    if (error) {
      // Messages already name the line and the fields; a stack trace would only hide them.
      io.err(`sharaka: ${error.message}`);
      return error.exitCode;
    }
    logger.error("sharaka: unexpected error", caught);
    return 1;
  }
}

watchOutput();
const code = await run(process.argv.slice(2));
// Not process.exit(code): that would drop what a pipe's reader has not taken yet.
if (code >= 0) await exitWhenWritten(code);
