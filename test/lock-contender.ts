// A child process for src/db/lock.test.ts: tries to take the lock, says whether it won, and
// marks that it tried. A winner holds the lock until every contender has tried (or a minute has
// passed), so that a contender slow to start on a busy machine still meets it, never a folder
// already let go.
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { acquireDataDirLock } from "../src/db/lock.js";

const dataDir = process.argv[2] as string;
// Every contender starts at the same instant, given by the test, to make the race real.
const startAt = Number(process.argv[3]);
const contenders = Number(process.argv[4]);
while (Date.now() < startAt) {
  // spin
}
const markTried = () => writeFileSync(path.join(dataDir, `tried-${process.pid}`), "");
const tried = () => readdirSync(dataDir).filter((name) => name.startsWith("tried-")).length;
try {
  const lock = acquireDataDirLock(dataDir, "contender");
  process.stdout.write("won");
  markTried();
  const giveUpAt = Date.now() + 60_000;
  const poll = setInterval(() => {
    if (tried() < contenders && Date.now() < giveUpAt) return;
    clearInterval(poll);
    lock.release();
  }, 50);
} catch {
  process.stdout.write("refused");
  markTried();
}
