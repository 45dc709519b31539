import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { NodeCompiler } from "@myriaddreamin/typst-ts-node-compiler";
import { AppError } from "../shared/errors.js";
import { logger } from "../shared/logger.js";
import { sourceFile } from "../shared/package-files.js";
import type { ReportDocument } from "./report.document.js";

/**
 * Typst, in process: a compiler is made once (about a quarter of a second, with its fonts) and
 * then lays out a report in milliseconds. Its fonts come with the package (Noto Sans and Noto
 * Sans Arabic, SIL OFL), never from the machine, so a PDF looks the same wherever it is made.
 */
const require = createRequire(import.meta.url);
const FONT_FILES = [
  "@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf",
  "@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf",
  "@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf",
  "@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf",
  "@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf",
];

let compiling: Promise<{ compiler: NodeCompiler; template: string }> | undefined;
let compiledSinceEviction = 0;
/** Typst memoises what it laid out; past this many reports, what was not reused is let go. */
const EVICT_EVERY = 50;

/**
 * Typst is a native binary inside its npm package, loaded on the first report rather than at
 * start: on a platform the package has no binary for, the rest of Sharaka still runs and the
 * reports answer 503, with the reason in the log.
 */
export async function loadTypst(
  importTypst: () => Promise<{ NodeCompiler: typeof NodeCompiler }> = () =>
    import("@myriaddreamin/typst-ts-node-compiler"),
): Promise<{ compiler: NodeCompiler; template: string }> {
  let NodeCompilerClass: typeof NodeCompiler;
  try {
    ({ NodeCompiler: NodeCompilerClass } = await importTypst());
  } catch (cause) {
    logger.error("PDF reports are unavailable: Typst could not be loaded on this platform", {
      error: String(cause),
    });
    throw new AppError("service_unavailable", "PDF reports cannot be made on this server", { cause });
  }
  const template = readFileSync(sourceFile("reports/report.typ"), "utf8");
  const fontBlobs = FONT_FILES.map((file) => readFileSync(require.resolve(file)));
  return { compiler: NodeCompilerClass.create({ fontArgs: [{ fontBlobs }] }), template };
}

function typst(): Promise<{ compiler: NodeCompiler; template: string }> {
  compiling ??= loadTypst();
  return compiling;
}

/** The report as a PDF (A4, tagged). Typst lays it out on this thread, a few ms a page. */
export async function renderReportPdf(report: ReportDocument): Promise<Buffer> {
  const { compiler, template } = await typst();
  try {
    return compiler.pdf({ mainFileContent: template, inputs: { report: JSON.stringify(report) } });
  } catch (error) {
    // A NodeError carries Typst's diagnostics: they say which part of the template failed.
    const diagnostics =
      error && typeof error === "object" && "kind" in error ? compiler.fetchDiagnostics(error as never) : [];
    logger.error("report not laid out", { title: report.title, error: String(error), diagnostics });
    throw error;
  } finally {
    compiledSinceEviction += 1;
    if (compiledSinceEviction >= EVICT_EVERY) {
      compiler.evictCache(10);
      compiledSinceEviction = 0;
    }
  }
}
