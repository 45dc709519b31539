// A child process for src/db/lock.test.ts: tries to take the lock, says whether it won,
// holds it a moment so that later contenders see it alive, then lets it go.
import { acquireDataDirLock } from "../src/db/lock.js";

const dataDir = process.argv[2] as string;
// Every contender starts at the same instant, given by the test, to make the race real.
const startAt = Number(process.argv[3]);
while (Date.now() < startAt) {
  // spin
}
try {
  const lock = acquireDataDirLock(dataDir, "contender");
  process.stdout.write("won");
  setTimeout(() => lock.release(), 700);
} catch {
  process.stdout.write("refused");
}
