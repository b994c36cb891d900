// modelreg models ls | register | get | update | stage | approve | reject | withdraw | stages | alias | aliases | delete | transfer | copy — model versions over
// the REST API with Polyaxon's flags (DESIGN §7), `-ver` and `-to` included. Without -ver, `register` lets the
// server name the version v{n}, and the other verbs take the newest version (listed with sort -created_at).
// Wherever -ver is accepted, `-ver @champion` names the version the alias champion points at (the server resolves it).
import type { Command } from "commander";
import { createClient, seg, splitProject, type Client } from "../lib/client";
import { connection } from "../lib/config";
import { CliError } from "../lib/errors";
import { emit, formatDate, printDetails, printTable, say } from "../lib/output";
import { ask } from "../lib/prompt";
import { STAGES, type Alias, type StageCondition, type StageObject, type Version } from "../lib/api-types";

export type WireCondition = StageCondition;
export type WireVersion = Version;
type WireAlias = Alias;
type Envelope<T> = { count: number; count_capped?: boolean; results: T[]; next: string | null; previous: string | null };

export { STAGES };
const list = (v?: string) =>
  v === undefined
    ? undefined
    : v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);

function modelPath(p: string) {
  const { owner, project } = splitProject(p, connection().username);
  return { owner, project, base: `/api/v1/${seg(owner)}/${seg(project)}/versions/model` };
}

/** The version named by -ver, or the newest one (Polyaxon's CLI sends the literal name `latest`; we resolve it here). */
async function resolveName(client: Client, base: string, ver?: string): Promise<string> {
  if (ver) return ver;
  const r = await client.get<Envelope<WireVersion>>(base, { sort: "-created_at", limit: 1 });
  if (!r.results.length) throw new CliError("This model has no versions yet: register one with `modelreg models register`.");
  return r.results[0].name;
}

function parseJson(flag: string, text?: string): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${flag} must be JSON, e.g. '{"metrics": {"accuracy": 0.93}}'.`);
  }
}

const metrics = (v: WireVersion) => {
  const m = v.meta_info?.metrics;
  return m && typeof m === "object"
    ? Object.entries(m as Record<string, unknown>)
        .slice(0, 4)
        .map(([k, x]) => `${k}=${x}`)
        .join(" ")
    : "";
};

function printVersion(v: WireVersion) {
  printDetails([
    ["version", `${v.owner}/${v.project}:${v.name}`],
    ["stage", v.stage],
    ...(v.aliases?.length ? ([["aliases", v.aliases.map((a) => `@${a}`)]] as [string, unknown][]) : []),
    ["description", v.description || "—"],
    ["tags", v.tags.length ? v.tags : "—"],
    ["metrics", metrics(v) || "—"],
    ["framework", (v.meta_info?.framework as string | undefined) ?? "—"],
    ["run", v.run ? `${v.run}${v.run_url ? `  (${v.run_url})` : ""}` : "—"],
    ["artifacts", v.artifacts.length ? v.artifacts : "—"],
    ...(v.copied_from ? ([["copied from", v.copied_from]] as [string, unknown][]) : []),
    ["created", `${formatDate(v.created_at)}${v.created_by ? ` by ${v.created_by}` : ""}`],
    ["updated", formatDate(v.updated_at)],
    ["uuid", v.uuid],
  ]);
}

function printHistory(conditions: WireCondition[]) {
  printTable([...conditions].reverse(), [
    { header: "when", value: (c) => formatDate(c.last_transition_time) },
    { header: "from", value: (c) => (c.meta_info?.from_stage as string | undefined) ?? "" },
    { header: "to", value: (c) => (c.status === "False" ? `${c.type} (not applied)` : c.type) },
    { header: "by", value: (c) => (c.meta_info?.user as string | undefined) ?? "" },
    { header: "reason", value: (c) => [c.reason, c.message].filter(Boolean).join(" — ") },
  ]);
}

/** Accepts Polyaxon's single-dash `-ver NAME` and `-to X` as well as --ver/--to (commander wants one letter after a dash). */
function polyaxonFlags(cmd: Command): Command {
  const parse = cmd.parseOptions.bind(cmd);
  cmd.parseOptions = (argv: string[]) => parse(argv.map((a) => (a === "-ver" ? "--ver" : a === "-to" ? "--to" : a)));
  return cmd;
}

const versionCommand = (models: Command, name: string, description: string) =>
  polyaxonFlags(
    models
      .command(name)
      .description(description)
      .requiredOption("-p, --project <owner/name>", "the model (a bare NAME: your personal organization)")
      .option("--ver, --version-name <name>", "the version (-ver works too; default: the newest)"),
  );

type VerOpts = { project: string; versionName?: string };

export function registerModelsCommands(program: Command): void {
  const models = program.command("models").alias("model").description("register, list, stage, move and delete model versions");

  models
    .command("ls")
    .description("list a model's versions (PQL: -q 'stage:production|staging, meta.metrics.auc:>=0.97')")
    .requiredOption("-p, --project <owner/name>", "the model")
    .option("-q, --query <pql>", "filter, e.g. 'tags:~legacy, created_at:>2026-01-01'")
    .option("-s, --sort <fields>", "e.g. -created_at (default), name, -meta.metrics.auc")
    .option("-l, --limit <n>", "page size", "20")
    .option("--offset <n>", "skip this many")
    .action(async (o: { project: string; query?: string; sort?: string; limit: string; offset?: string }, cmd: Command) => {
      const { owner, project, base } = modelPath(o.project);
      const r = await createClient().get<Envelope<WireVersion>>(base, { query: o.query, sort: o.sort, limit: o.limit, offset: o.offset });
      emit(cmd, r, () => {
        printTable(
          r.results,
          [
            { header: "name", value: (v) => v.name },
            { header: "stage", value: (v) => v.stage },
            { header: "metrics", value: metrics },
            { header: "tags", value: (v) => v.tags },
            { header: "run", value: (v) => (v.run ? v.run.slice(0, 8) : "") },
            { header: "by", value: (v) => v.created_by ?? "" },
            { header: "created", value: (v) => formatDate(v.created_at) },
          ],
          { empty: o.query ? "No version matches this query." : `${owner}/${project} has no versions yet: modelreg models register -p ${owner}/${project}` },
        );
        const total = `${r.count}${r.count_capped ? "+" : ""}`;
        if (r.count > r.results.length || r.count_capped) say(cmd, `${r.results.length} of ${total} shown; use --limit/--offset for more.`);
      });
    });

  versionCommand(models, "register", "register a version (without -ver the server names it v{n})")
    .option("--description <text>", "what changed")
    .option("--tags <a,b>", "comma-separated tags")
    .option("--content <json>", "the model's spec as JSON (or YAML) text")
    .option("--meta-info <json>", 'metadata, e.g. \'{"framework": "xgboost", "metrics": {"auc": 0.97}}\'')
    .option("--run-uid <uuid>", "the run that produced it (a run of this organization is linked; anything else is kept as a reference)")
    .option("--artifacts <a,b>", "the run's artifacts this version keeps")
    .option("--connection <name>", "where its files live outside Modelreg")
    .option("--readme <markdown>", "notes shown on the version page")
    .option("-f, --force", "overwrite a version of that name if it exists")
    .action(
      async (
        o: VerOpts & {
          description?: string;
          tags?: string;
          content?: string;
          metaInfo?: string;
          runUid?: string;
          artifacts?: string;
          connection?: string;
          readme?: string;
          force?: boolean;
        },
        cmd: Command,
      ) => {
        const { base } = modelPath(o.project);
        const meta = parseJson("--meta-info", o.metaInfo);
        if (meta !== undefined && (typeof meta !== "object" || meta === null || Array.isArray(meta))) throw new CliError("--meta-info must be a JSON object.");
        const v = await createClient({ requireLogin: true }).post<WireVersion>(base, {
          name: o.versionName,
          description: o.description,
          tags: list(o.tags),
          content: o.content,
          meta_info: meta,
          run: o.runUid,
          artifacts: list(o.artifacts),
          connection: o.connection,
          readme: o.readme,
          kind: "model",
          force: o.force || undefined,
        });
        emit(cmd, v, () => say(cmd, `Registered ${v.owner}/${v.project}:${v.name} (${v.stage}).`));
      },
    );

  versionCommand(models, "get", "show a version").action(async (o: VerOpts, cmd: Command) => {
    const { base } = modelPath(o.project);
    const client = createClient();
    const v = await client.get<WireVersion>(`${base}/${seg(await resolveName(client, base, o.versionName))}`);
    emit(cmd, v, () => printVersion(v));
  });

  versionCommand(models, "update", "change a version's name, description, tags or metadata")
    .option("--name <name>", "a new name")
    .option("--description <text>", "a new description")
    .option("--tags <a,b>", "the new tags (replace the old ones)")
    .option("--content <json>", "new content text")
    .option("--meta-info <json>", "new metadata (replaces it)")
    .action(async (o: VerOpts & { name?: string; description?: string; tags?: string; content?: string; metaInfo?: string }, cmd: Command) => {
      const body = { name: o.name, description: o.description, tags: list(o.tags), content: o.content, meta_info: parseJson("--meta-info", o.metaInfo) };
      if (Object.values(body).every((x) => x === undefined))
        throw new CliError("Nothing to change: give --name, --description, --tags, --content or --meta-info.");
      const { base } = modelPath(o.project);
      const client = createClient({ requireLogin: true });
      const v = await client.patch<WireVersion>(`${base}/${seg(await resolveName(client, base, o.versionName))}`, body);
      emit(cmd, v, () => say(cmd, `Updated ${v.owner}/${v.project}:${v.name}.`));
    });

  versionCommand(models, "stage", "move a version to a stage: -to testing|staging|production|disabled")
    .option("--to <stage>", "the stage (-to works too)")
    .option("--reason <text>", "why, in a few words")
    .option("--message <text>", "details for the history")
    .action(async (o: VerOpts & { to?: string; reason?: string; message?: string }, cmd: Command) => {
      if (!o.to || !(STAGES as readonly string[]).includes(o.to)) throw new CliError(`Give the stage with -to: one of ${STAGES.join(", ")}.`);
      const { base } = modelPath(o.project);
      const client = createClient({ requireLogin: true });
      const name = await resolveName(client, base, o.versionName);
      const now = new Date().toISOString();
      const s = await client.post<StageObject>(`${base}/${seg(name)}/stages`, {
        condition: {
          type: o.to,
          status: true,
          reason: o.reason ?? "CliStageUpdate",
          message: o.message ?? "",
          last_update_time: now,
          last_transition_time: now,
        },
      });
      const last = s.stage_conditions.at(-1);
      const pending = last?.status === "Pending" && last.type === o.to && s.stage !== o.to;
      emit(cmd, s, () =>
        say(
          cmd,
          pending
            ? `Asked to move ${name} to ${o.to}: the model requires approval; a project admin approves or rejects (it stays in ${s.stage} until then).`
            : `${name} is now in ${s.stage}.`,
        ),
      );
    });

  // The approval workflow (projects with "require approval"): admins decide on a member's request; the
  // requester may withdraw it. Each answers the stage object, like `stage`.
  const decisions = [
    ["approve", "approve the pending stage request (project admins): the version moves", (n: string, s: StageObject) => `Approved: ${n} is now in ${s.stage}.`],
    ["reject", "reject the pending stage request (project admins): the version stays", (n: string, s: StageObject) => `Rejected: ${n} stays in ${s.stage}.`],
    ["withdraw", "withdraw your own pending stage request", (n: string, s: StageObject) => `Withdrawn: ${n} stays in ${s.stage}.`],
  ] as const;
  for (const [verb, description, done] of decisions) {
    versionCommand(models, verb, description)
      .option("--reason <text>", "why, in a few words")
      .option("--message <text>", "details for the history")
      .action(async (o: VerOpts & { reason?: string; message?: string }, cmd: Command) => {
        const { base } = modelPath(o.project);
        const client = createClient({ requireLogin: true });
        const name = await resolveName(client, base, o.versionName);
        const s = await client.post<StageObject>(`${base}/${seg(name)}/stages/${verb}`, { reason: o.reason, message: o.message });
        emit(cmd, s, () => say(cmd, done(name, s)));
      });
  }

  versionCommand(models, "stages", "show a version's stage and its history").action(async (o: VerOpts, cmd: Command) => {
    const { base } = modelPath(o.project);
    const client = createClient();
    const name = await resolveName(client, base, o.versionName);
    const s = await client.get<StageObject>(`${base}/${seg(name)}/stages`);
    emit(cmd, s, () => {
      say(cmd, `${name}: ${s.stage}`);
      printHistory(s.stage_conditions);
    });
  });

  versionCommand(models, "alias", "set or move an alias to a version (--set champion), or remove one (--remove champion)")
    .option("--set <alias>", "point this alias at the version (moves it if it is elsewhere)")
    .option("--remove <alias>", "remove this alias from the model")
    .option("--reason <text>", "why, in a few words")
    .action(async (o: VerOpts & { set?: string; remove?: string; reason?: string }, cmd: Command) => {
      if (!o.set === !o.remove) throw new CliError("Give one of --set ALIAS or --remove ALIAS.");
      const { owner, project, base } = modelPath(o.project);
      const aliases = `/api/v1/${seg(owner)}/${seg(project)}/aliases`;
      const client = createClient({ requireLogin: true });
      if (o.remove) {
        await client.delete(`${aliases}/${seg(o.remove)}`);
        emit(cmd, { removed: o.remove }, () => say(cmd, `Removed the alias ${o.remove} from ${owner}/${project}.`));
        return;
      }
      const name = await resolveName(client, base, o.versionName);
      const a = await client.put<WireAlias>(`${aliases}/${seg(o.set!)}`, { version: name, ...(o.reason ? { reason: o.reason } : {}) });
      emit(cmd, a, () => say(cmd, `${owner}/${project}@${a.alias} now points at ${a.version}.`));
    });

  models
    .command("aliases")
    .description("list a model's aliases and the versions they point at")
    .requiredOption("-p, --project <owner/name>", "the model")
    .action(async (o: { project: string }, cmd: Command) => {
      const { owner, project } = modelPath(o.project);
      const r = await createClient().get<{ count: number; results: WireAlias[] }>(`/api/v1/${seg(owner)}/${seg(project)}/aliases`);
      emit(cmd, r, () => {
        if (!r.results.length)
          return say(cmd, `${owner}/${project} has no aliases: set one with \`modelreg models alias -p ${owner}/${project} -ver v1 --set champion\`.`);
        printTable(r.results, [
          { header: "alias", value: (a) => a.alias },
          { header: "version", value: (a) => a.version },
          { header: "updated", value: (a) => formatDate(a.updated_at) },
          { header: "by", value: (a) => a.updated_by ?? "" },
        ]);
      });
    });

  versionCommand(models, "delete", "delete a version with its history and files")
    .option("-y, --yes", "do not ask for confirmation")
    .action(async (o: VerOpts & { yes?: boolean }, cmd: Command) => {
      const { owner, project, base } = modelPath(o.project);
      const client = createClient({ requireLogin: true });
      // Deleting "the newest" by default would be a trap: a name is required here.
      if (!o.versionName) throw new CliError("Give the version to delete with -ver NAME.");
      if (!o.yes) {
        if (!process.stdin.isTTY) throw new CliError("Refusing to delete without confirmation: add -y to delete from a script.");
        const typed = await ask(`This deletes ${owner}/${project}:${o.versionName}. Type its name to confirm: `);
        if (typed.trim() !== o.versionName) throw new CliError("Not deleted: the name did not match.");
      }
      await client.delete(`${base}/${seg(o.versionName)}`);
      emit(cmd, { deleted: `${owner}/${project}:${o.versionName}` }, () => say(cmd, `Deleted ${owner}/${project}:${o.versionName}.`));
    });

  for (const verb of ["transfer", "copy"] as const) {
    const c = versionCommand(
      models,
      verb,
      verb === "transfer"
        ? "move a version to another model of the organization: -to OWNER/OTHER"
        : "copy a version to a model of the organization: -to OWNER/OTHER",
    ).option("--to <owner/model>", "the target model (-to works too; a bare name: the same owner)");
    if (verb === "copy") c.option("--name <name>", "the copy's name (default: the same name; the next v{n} within the same model)");
    c.action(async (o: VerOpts & { to?: string; name?: string }, cmd: Command) => {
      if (!o.to) throw new CliError("Give the target model with -to OWNER/NAME.");
      const { base } = modelPath(o.project);
      const client = createClient({ requireLogin: true });
      const name = await resolveName(client, base, o.versionName);
      const v = await client.post<WireVersion>(`${base}/${seg(name)}/${verb}`, { project: o.to, ...(o.name ? { name: o.name } : {}) });
      emit(cmd, v, () => say(cmd, `${verb === "transfer" ? "Transferred" : "Copied"} ${name} to ${v.owner}/${v.project}:${v.name}.`));
    });
  }
}
