import fs from "node:fs";
import path from "node:path";

/**
 * The top frames of a `node --cpu-prof` profile: self time per function (its own samples) and
 * total time (samples with it anywhere on the stack), with its file and line. Our own files
 * (src/) are marked, so that the overhead that is ours stands out from the libraries'.
 *
 *   npx tsx bench/profile-top.ts .bench/profiles/CPU.….cpuprofile [count]
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, countArgument] = process.argv.slice(2);
if (!file) {
  console.log("Usage: npx tsx bench/profile-top.ts <file.cpuprofile> [count]");
  process.exit(2);
}
const count = Number(countArgument ?? 25);
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const where = (frame: CallFrame) => {
  if (!frame.url) return "(native)";
  const clean = frame.url.replace(/^file:\/\//, "");
  const cwd = `${process.cwd()}${path.sep}`;
  const relative = clean.startsWith(cwd) ? clean.slice(cwd.length) : clean;
  return `${relative.replace(/^.*node_modules\//, "~/")}:${frame.lineNumber + 1}`;
};
const key = (frame: CallFrame) => `${frame.functionName || "(anonymous)"} ${where(frame)}`;

const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
let idle = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  const node = byId.get(id);
  if (!node) return;
  all += delta;
  const name = node.callFrame.functionName;
  if (name === "(idle)" || name === "(program)" || name === "(garbage collector)") {
    if (name === "(idle)") idle += delta;
    self.set(name, (self.get(name) ?? 0) + delta);
    return;
  }
  self.set(key(node.callFrame), (self.get(key(node.callFrame)) ?? 0) + delta);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)?.callFrame;
    if (!frame) break;
    const name = key(frame);
    if (seen.has(name)) continue;
    seen.add(name);
    total.set(name, (total.get(name) ?? 0) + delta);
  }
});

const busy = all - idle;
const pct = (value: number) => `${((100 * value) / busy).toFixed(1).padStart(5)} %`;
const print = (title: string, map: Map<string, number>, filter: (name: string) => boolean = () => true) => {
  console.log(`\n${title}`);
  for (const [name, value] of [...map.entries()]
    .filter(([name]) => filter(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count))
    console.log(
      `  ${pct(value)}  ${(value / 1000).toFixed(0).padStart(6)} ms  ${name.includes(" src/") ? "*" : " "} ${name}`,
    );
};
console.log(
  `${file}: ${(all / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (percentages of busy time; * our code)`,
);
print("Self time", self, (name) => name !== "(idle)");
print("Total time, our own functions (src/)", total, (name) => name.includes(" src/"));
