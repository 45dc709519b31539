// How well the reading rules propose the fields of the test agreements (test/fixtures/agreements):
// precision and recall per field. `npx tsx bench/reading-accuracy.ts [--held-out] [--details]`:
// --held-out reads the agreements written after the rules, which the rules were never tuned on.
import { fixtureSets, readFixtures, scoreReading, totalScores } from "../test/agreement-readings.js";

const fixtures = readFixtures(process.argv.includes("--held-out") ? fixtureSets.heldOut : fixtureSets.tuned);
const percent = (value: number) => `${Math.round(value * 100)} %`;
console.log(`| field | right | wrong | missed | precision | recall |`);
console.log(`|---|---:|---:|---:|---:|---:|`);
for (const total of totalScores(fixtures))
  console.log(
    `| ${total.field} | ${total.truePositives} | ${total.falsePositives} | ${total.falseNegatives} | ${percent(total.precision)} | ${percent(total.recall)} |`,
  );
if (process.argv.includes("--details"))
  for (const fixture of fixtures) {
    console.log(`\n## ${fixture.name}`);
    for (const score of scoreReading(fixture))
      if (score.falsePositives || score.falseNegatives)
        console.log(`- ${score.field}: ${JSON.stringify(score)}`);
  }
