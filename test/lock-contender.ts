// A child process for src/db/lock.test.ts: tries to take the lock, says whether it won,
// holds it until the time the test gives, so that every contender meets it, then lets it go.
import { acquireDataDirLock } from "../src/db/lock.js";

const dataDir = process.argv[2] as string;
// Every contender starts at the same instant, given by the test, to make the race real.
const startAt = Number(process.argv[3]);
const holdUntil = Number(process.argv[4]);
while (Date.now() < startAt) {
  // spin
}
try {
  const lock = acquireDataDirLock(dataDir, "contender");
  process.stdout.write("won");
  setTimeout(() => lock.release(), Math.max(0, holdUntil - Date.now()));
} catch {
  process.stdout.write("refused");
}
