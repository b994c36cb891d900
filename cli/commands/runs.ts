// modelreg runs ls | get | create | update | promote — runs of a project, over the REST API (DESIGN §6).
// Polyaxon spells the run flag `-uid`; Commander only takes one-letter short flags, so it is `--uid` here.
import type { Command } from "commander";
import { createClient, seg, splitProject } from "../lib/client";
import { connection } from "../lib/config";
import { CliError } from "../lib/errors";
import { emit, formatDate, printDetails, printTable, say } from "../lib/output";
import type { Run } from "../lib/api-types";

export type WireRun = Run;
type Envelope<T> = { count: number; results: T[]; next: string | null; previous: string | null };

const runsPath = (p: string) => {
  const { owner, project } = splitProject(p, connection().username);
  return `/api/v1/${seg(owner)}/${seg(project)}/runs`;
};

/** `--inputs '{"lr":0.01}'`: a JSON object, or one clear line saying what is wrong with it. */
function jsonObject(flag: string, text?: string): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new CliError(`${flag} must be a JSON object, e.g. ${flag} '{"lr": 0.01}'`);
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new CliError(`${flag} must be a JSON object, e.g. ${flag} '{"lr": 0.01}'`);
  return v as Record<string, unknown>;
}

function jsonArray(flag: string, text?: string): unknown[] | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text);
    if (Array.isArray(v)) return v;
  } catch {
    /* fall through */
  }
  throw new CliError(`${flag} must be a JSON list, e.g. ${flag} '[{"name": "model", "kind": "model", "path": "s3://b/m.pt"}]'`);
}

const list = (v?: string) =>
  v === undefined
    ? undefined
    : v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
const short = (v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v);
const kv = (o: Record<string, unknown>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(short(v))}`)
    .join(" ");

function printRun(r: WireRun) {
  printDetails([
    ["uuid", r.uuid],
    ["project", `${r.owner}/${r.project}`],
    ["name", r.name],
    ["status", r.status],
    ["description", r.description],
    ["tags", r.tags],
    ["params", kv(r.inputs)],
    ["metrics", kv(r.outputs)],
    ["artifacts", r.artifacts.map((a) => `${a.name} (${a.kind}) ${a.path}`.trim())],
    ["promoted", r.is_promoted ? "yes" : "no"],
    ["created", `${formatDate(r.created_at)} by ${r.created_by ?? "—"}`],
    ["updated", formatDate(r.updated_at)],
  ]);
}

type WriteOpts = { name?: string; description?: string; status?: string; tags?: string; inputs?: string; outputs?: string; artifacts?: string };
const body = (o: WriteOpts) =>
  Object.fromEntries(
    Object.entries({
      name: o.name,
      description: o.description,
      status: o.status,
      tags: list(o.tags),
      inputs: jsonObject("--inputs", o.inputs),
      outputs: jsonObject("--outputs", o.outputs),
      artifacts: jsonArray("--artifacts", o.artifacts),
    }).filter(([, v]) => v !== undefined),
  );

const writeOptions = (c: Command) =>
  c
    .option("--name <name>", "the run's name")
    .option("--description <text>", "what the run tried")
    .option("--status <status>", "created | running | succeeded | failed | stopped")
    .option("--tags <a,b>", "comma-separated tags")
    .option("--inputs <json>", "params as a JSON object")
    .option("--outputs <json>", "metrics as a JSON object")
    .option("--artifacts <json>", "a JSON list of {name, kind, path}");

export function registerRunsCommands(program: Command): void {
  const runs = program.command("runs").alias("ops").description("log, list and promote runs");

  runs
    .command("ls")
    .description("list the runs of a project (PQL query and sort, e.g. -s -outputs.accuracy)")
    .requiredOption("-p, --project <owner/name>", "the project")
    .option("-q, --query <pql>", "e.g. 'status:succeeded, outputs.accuracy:>=0.9'")
    .option("-s, --sort <fields>", "e.g. -outputs.accuracy,created_at")
    .option("--limit <n>", "page size", "20")
    .option("--offset <n>", "skip this many")
    .action(async (o: { project: string; query?: string; sort?: string; limit: string; offset?: string }, cmd: Command) => {
      const r = await createClient().get<Envelope<WireRun>>(runsPath(o.project), { query: o.query, sort: o.sort, limit: o.limit, offset: o.offset });
      emit(cmd, r, () => {
        const metrics = [...new Set(r.results.flatMap((x) => Object.keys(x.outputs).filter((k) => typeof x.outputs[k] === "number")))].slice(0, 4);
        printTable(
          r.results,
          [
            { header: "uuid", value: (x) => x.uuid.slice(0, 8) },
            { header: "name", value: (x) => x.name },
            { header: "status", value: (x) => x.status },
            ...metrics.map((m) => ({ header: m, value: (x: WireRun) => short(x.outputs[m]), align: "right" as const })),
            { header: "promoted", value: (x) => (x.is_promoted ? "yes" : "") },
            { header: "created", value: (x) => formatDate(x.created_at) },
          ],
          { empty: o.query ? "No run matches this query." : "No runs yet: log one with `modelreg runs create`." },
        );
        if (r.count > r.results.length) say(cmd, `${r.results.length} of ${r.count} shown; use --limit/--offset for more.`);
      });
    });

  runs
    .command("get")
    .description("show one run")
    .requiredOption("-p, --project <owner/name>", "the project")
    .requiredOption("--uid <uuid>", "the run's uuid")
    .action(async (o: { project: string; uid: string }, cmd: Command) => {
      const r = await createClient().get<WireRun>(`${runsPath(o.project)}/${seg(o.uid)}`);
      emit(cmd, r, () => printRun(r));
    });

  writeOptions(runs.command("create").description("log a new run").requiredOption("-p, --project <owner/name>", "the project")).action(
    async (o: WriteOpts & { project: string }, cmd: Command) => {
      const r = await createClient({ requireLogin: true }).post<WireRun>(runsPath(o.project), body(o));
      emit(cmd, r, () => say(cmd, `Logged run ${r.uuid} in ${r.owner}/${r.project}.`));
    },
  );

  writeOptions(
    runs
      .command("update")
      .description("update a run: --inputs/--outputs are merged into what it has (a null value removes a key)")
      .requiredOption("-p, --project <owner/name>", "the project")
      .requiredOption("--uid <uuid>", "the run's uuid"),
  ).action(async (o: WriteOpts & { project: string; uid: string }, cmd: Command) => {
    const r = await createClient({ requireLogin: true }).patch<WireRun>(`${runsPath(o.project)}/${seg(o.uid)}`, body(o));
    emit(cmd, r, () => printRun(r));
  });

  runs
    .command("promote")
    .description("promote a run to a new model version of OWNER/MODEL")
    .requiredOption("-p, --project <owner/name>", "the run's project")
    .requiredOption("--uid <uuid>", "the run's uuid")
    .requiredOption("--to <owner/model>", "the model that receives the version")
    .option("--version-name <name>", "the version's name (default: the next v{n})")
    .option("--description <text>", "the version's description")
    .option("--tags <a,b>", "the version's tags")
    .option("--artifacts <a,b>", "which of the run's artifacts the version keeps (default: all)")
    .action(
      async (o: { project: string; uid: string; to: string; versionName?: string; description?: string; tags?: string; artifacts?: string }, cmd: Command) => {
        const v = await createClient({ requireLogin: true }).post<{ owner: string; project: string; name: string; stage: string }>(
          `${runsPath(o.project)}/${seg(o.uid)}/promote`,
          {
            project: o.to,
            ...(o.versionName ? { name: o.versionName } : {}),
            ...(o.description ? { description: o.description } : {}),
            ...(o.tags !== undefined ? { tags: list(o.tags) } : {}),
            ...(o.artifacts !== undefined ? { artifacts: list(o.artifacts) } : {}),
          },
        );
        emit(cmd, v, () => say(cmd, `Promoted to ${v.owner}/${v.project}:${v.name} (stage ${v.stage}).`));
      },
    );
}
