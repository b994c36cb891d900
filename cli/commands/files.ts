// modelreg models push | pull — a version's files, streamed both ways with a progress line; both skip files
// whose sha256 already matches (so an interrupted transfer resumes), and pull verifies every checksum.
import type { Command } from "commander";
import { createClient, splitProject } from "../lib/client";
import { connection } from "../lib/config";
import { CliError } from "../lib/errors";
import { emit, say } from "../lib/output";
import { pullDir, pushDir, type TransferEvent } from "../lib/transfer";

const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;

/** A one-line progress display on a terminal; silent when stderr is not one (scripts, CI). */
function progress(): (e: TransferEvent) => void {
  const tty = process.stderr.isTTY;
  let total = 0;
  let done = 0;
  return (e) => {
    if (e.type === "start") total = e.bytes;
    if (e.type === "done" || e.type === "skip") done += e.size;
    if (!tty) return;
    const label = e.type === "progress" ? `${e.path} ${mib(e.loaded)}/${mib(e.size)}` : e.type === "skip" ? `${e.path} unchanged` : "";
    const pct = total ? Math.round(((done + (e.type === "progress" ? e.loaded : 0)) / total) * 100) : 100;
    process.stderr.write(`\r\x1b[2K[${String(pct).padStart(3)}%] ${label}`.slice(0, (process.stderr.columns || 100) + 8));
    if (e.type === "done" && done >= total) process.stderr.write("\r\x1b[2K");
  };
}

export function registerFilesCommands(program: Command): void {
  const models = program.commands.find((c) => c.name() === "models");
  if (!models) throw new Error("register the models commands before the files commands");
  for (const verb of ["push", "pull"] as const) {
    const cmd = models
      .command(verb)
      .description(
        verb === "push"
          ? "upload a folder's files to a version (skips files that are already there)"
          : "download a version's files into a folder, verifying every sha256",
      )
      .requiredOption("-p, --project <owner/name>", "the model")
      .requiredOption("--ver, --version-name <name>", "the version (-ver works too)")
      .requiredOption("--path <dir>", verb === "push" ? "the folder to upload" : "where to write the files");
    const parse = cmd.parseOptions.bind(cmd);
    cmd.parseOptions = (argv: string[]) => parse(argv.map((a) => (a === "-ver" ? "--ver" : a)));
    cmd.action(async (o: { project: string; versionName: string; path: string }, c: Command) => {
      const { owner, project } = splitProject(o.project, connection().username);
      if (!o.versionName) throw new CliError("Give the version with -ver.");
      const target = { client: createClient({ requireLogin: verb === "push" }), owner, project, version: o.versionName, dir: o.path, onProgress: progress() };
      const r = verb === "push" ? await pushDir(target) : await pullDir(target);
      emit(c, r, () =>
        say(
          c,
          `${verb === "push" ? "Uploaded" : "Downloaded"} ${r.transferred.length} file${r.transferred.length === 1 ? "" : "s"} (${mib(r.bytes)}), ${r.skipped.length} already up to date.`,
        ),
      );
    });
  }
}
