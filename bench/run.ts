// npm run bench [versions|search|mlflow|files|hf|fuzz|webhooks|cluster|export|startup]: every benchmark, or one. Each writes its own section of bench/RESULTS.md.
// Not part of npm test; see each file for what it measures.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const which = process.argv[2] ?? "all";
const root = path.resolve(import.meta.dirname, "..");

if (which === "all" || which === "versions") {
  const { runVersionsBench } = await import("./versions");
  await runVersionsBench();
}
if (which === "all" || which === "search") {
  const { runSearchBench } = await import("./search");
  console.log(await runSearchBench());
}
if (which === "all" || which === "mlflow") {
  const { runMlflowBench } = await import("./mlflow");
  await runMlflowBench();
}
if (which === "all" || which === "webhooks") {
  const wh = await import("./webhooks");
  const md = wh.webhooksResultsMarkdown(await wh.runWebhooksBench());
  console.log(md);
  wh.writeWebhooksResults(md);
}
if (which === "all" || which === "files") {
  if (!fs.existsSync(path.join(root, ".next-files", "modelreg-server.mjs")) || process.env.BENCH_BUILD === "1") {
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_DIST_DIR: ".next-files", NEXT_TELEMETRY_DISABLED: "1" } });
  }
  const files = await import("./files");
  const md = files.filesResultsMarkdown(await files.runFilesBench());
  console.log(md);
  files.writeFilesResults(md);
}
if (which === "all" || which === "hf") {
  // The same build as the files benchmark (.next-files); built here when missing or when BENCH_BUILD=1.
  if (!fs.existsSync(path.join(root, ".next-files", "modelreg-server.mjs")) || (process.env.BENCH_BUILD === "1" && which === "hf")) {
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_DIST_DIR: ".next-files", NEXT_TELEMETRY_DISABLED: "1" } });
  }
  const hf = await import("./hf");
  const md = hf.hfResultsMarkdown(await hf.runHfBench());
  console.log(md);
  hf.writeHfResults(md);
}
if (which === "all" || which === "fuzz") {
  const fuzz = await import("./fuzz");
  const md = fuzz.fuzzResultsMarkdown(await fuzz.runFuzzBench());
  console.log(md);
  fuzz.writeFuzzResults(md);
}
if (which === "all" || which === "cluster") {
  const cluster = await import("./cluster");
  const md = cluster.clusterResultsMarkdown(await cluster.runClusterBench());
  console.log(md);
  cluster.writeClusterResults(md);
}
if (which === "all" || which === "export") {
  const ex = await import("./export");
  const md = ex.exportResultsMarkdown(await ex.runExportBench());
  console.log(md);
  ex.writeExportResults(md);
}
if (which === "all" || which === "startup") {
  const { runStartupBench, startupResultsMarkdown } = await import("./startup");
  const { writeSection } = await import("./common");
  const md = startupResultsMarkdown(await runStartupBench());
  console.log(md);
  writeSection("startup", md);
}
