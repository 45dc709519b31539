import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import type { Manifest } from "../backup/backup.input.js";
import { writeBackup } from "../backup/backup.queries.js";
import { openBackupArchive, restoreBackup } from "../backup/backup.service.js";
import type { Config } from "../config.js";
import { cliActor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import { documentsFolder } from "./app-options.js";
import { prepareDatabase } from "./bootstrap.js";
import { type Output, readDocumentTexts } from "./commands.js";
import { openForCommand } from "./open.js";
import { openPartialFile } from "./partial-file.js";
import { progressBar } from "./progress-bar.js";

const MB = 1024 * 1024;
/** The bar counts megabytes: a count of bytes is unreadable. */
const documentsBar = (label: string) => {
  const bar = progressBar(`${label} (MB)`);
  return {
    update: (done: number, total: number) => {
      if (total > 0) bar.update(Math.floor(done / MB), Math.ceil(total / MB));
    },
    finish: bar.finish,
  };
};

function describe(manifest: Manifest): string {
  const c = manifest.counts;
  const mb = (manifest.files.bytes / MB).toFixed(1);
  return (
    `${c.agreements ?? 0} agreements, ${c.organizations ?? 0} organisations, ${c.activities ?? 0} activities, ` +
    `${c.users ?? 0} accounts, ${c.documents ?? 0} documents (${manifest.files.count} files, ${mb} MB), ` +
    `${c.alerts ?? 0} alerts, ${c.auditEvents ?? 0} audit events. Left out on purpose: ` +
    `${manifest.leftOut.map((l) => l.what).join(", ")} (manifest.json says why).`
  );
}

/**
 * `sharaka backup -o FILE`: one archive of everything (src/backup/). Written beside FILE under
 * another name and renamed at the end, so a failed or interrupted backup never leaves a file
 * that looks whole. On the embedded database it takes the data folder's lock like every command
 * (refused while `sharaka serve` holds it); on a server it reads one snapshot while others write.
 */
export async function backupCommand(config: Config, io: Output, output: string | undefined): Promise<void> {
  if (!output) throw new AppError("usage", "backup needs a file to write: sharaka backup -o FILE");
  // Before the database is opened: a folder that is missing or not writable is said at once.
  const target = await openPartialFile(output, 0o600);
  let handle: Awaited<ReturnType<typeof openForCommand>>;
  try {
    handle = await openForCommand(config, "backup", { referenceData: false });
  } catch (error) {
    await target.discard();
    throw error;
  }
  const bar = documentsBar("Backup");
  try {
    const manifest = await writeBackup({
      db: handle.db,
      uploadsDir: documentsFolder(config),
      output: target.stream,
      // Beside the backup: the registry part is about its size, more than a small /tmp may hold.
      scratchDir: path.dirname(output),
      onProgress: bar.update,
    });
    bar.finish();
    await target.commit();
    io.out(`Backup written to ${output}: ${describe(manifest)}`);
  } catch (error) {
    bar.finish();
    await target.discard();
    throw error;
  } finally {
    await handle.close();
  }
}

/**
 * `sharaka restore FILE`: the archive back into an empty database (and data folder). The
 * manifest is read first, so a file that is no backup, or one of a newer version, is refused
 * before the database is opened.
 */
export async function restoreCommand(config: Config, io: Output, file: string): Promise<void> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new AppError(
      "usage",
      `Cannot read ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`,
    );
  });
  if (!info.isFile()) throw new AppError("usage", `${file} is not a file`);
  const archive = await openBackupArchive(createReadStream(file));
  let handle: Awaited<ReturnType<typeof openForCommand>>;
  try {
    handle = await openForCommand(config, "restore", { referenceData: false });
  } catch (error) {
    archive.close();
    throw error;
  }
  const bar = documentsBar("Restore");
  try {
    const summary = await restoreBackup({
      db: handle.db,
      uploadsDir: documentsFolder(config),
      archive,
      actor: cliActor("restore"),
      maxPartBytes: config.importMaxBytes,
      onProgress: bar.update,
    });
    bar.finish();
    // Whatever the backup lacked (territories, the association) is loaded now, as on a first start.
    await prepareDatabase(handle);
    io.out(`Restored from ${file} (taken ${summary.manifest.createdAt}): ${describe(summary.manifest)}`);
    await readDocumentTexts(handle.db, documentsFolder(config), io, { again: false });
  } catch (error) {
    bar.finish();
    throw error;
  } finally {
    await handle.close();
  }
}
