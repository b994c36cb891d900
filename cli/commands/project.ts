// modelreg project create | ls | get | update | delete — models (projects) over the REST API, with
// Polyaxon's flags (DESIGN §7). A bare NAME takes the logged-in user's personal organization as owner.
import type { Command } from "commander";
import { createClient, seg, splitProject } from "../lib/client";
import { connection } from "../lib/config";
import { CliError } from "../lib/errors";
import { emit, formatDate, printDetails, printTable, say } from "../lib/output";
import { ask } from "../lib/prompt";
import type { Project } from "../lib/api-types";

export type WireProject = Project;
type Envelope<T> = { count: number; results: T[]; next: string | null; previous: string | null };

const tagList = (v?: string) =>
  v === undefined
    ? undefined
    : v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
const projectPath = (p: string) => {
  const { owner, project } = splitProject(p, connection().username);
  return { owner, project, path: `/api/v1/${seg(owner)}/${seg(project)}` };
};

function printProject(p: WireProject) {
  printDetails([
    ["project", `${p.owner}/${p.name}`],
    ["description", p.description || "—"],
    ["tags", p.tags.length ? p.tags : "—"],
    ["visibility", p.is_public ? "public" : "private"],
    ["features off", p.excluded_features.length ? p.excluded_features : "none"],
    ["your role", p.role ?? "—"],
    ["uuid", p.uuid],
    ["created", formatDate(p.created_at)],
    ["updated", formatDate(p.updated_at)],
  ]);
}

export function registerProjectCommands(program: Command): void {
  const project = program.command("project").alias("projects").description("create, list, show, update and delete models (projects)");

  project
    .command("create")
    .description("create a model: --name OWNER/NAME (a bare NAME goes to your personal organization)")
    .requiredOption("-n, --name <owner/name>", "the new model, e.g. acme/fraud-detector")
    .option("--description <text>", "one line about it")
    .option("--tags <a,b>", "comma-separated tags")
    .option("--public", "readable by everyone, signed out included (default: private)")
    .option("--readme <markdown>", "the model card")
    .action(async (o: { name: string; description?: string; tags?: string; public?: boolean; readme?: string }, cmd: Command) => {
      const { owner, project: name } = splitProject(o.name, connection().username);
      const p = await createClient({ requireLogin: true }).post<WireProject>(`/api/v1/${seg(owner)}/projects/create`, {
        name,
        description: o.description,
        tags: tagList(o.tags),
        is_public: Boolean(o.public),
        readme: o.readme,
      });
      emit(cmd, p, () => say(cmd, `Created ${p.owner}/${p.name} (${p.is_public ? "public" : "private"}).`));
    });

  project
    .command("ls")
    .description("list an organization's models you may see (PQL: -q 'tags:nlp|vision, is_public:true')")
    .option("-o, --owner <owner>", "the organization (default: your personal one)")
    .option("-q, --query <pql>", "e.g. 'name:%fraud%, created_at:>2026-01-01'")
    .option("-s, --sort <fields>", "e.g. -updated_at (default), name")
    .option("-l, --limit <n>", "page size", "20")
    .option("--offset <n>", "skip this many")
    .action(async (o: { owner?: string; query?: string; sort?: string; limit: string; offset?: string }, cmd: Command) => {
      const owner = o.owner ?? connection().username;
      if (!owner) throw new CliError("Give the organization with -o OWNER (or log in, and your personal organization is used).");
      const r = await createClient().get<Envelope<WireProject>>(`/api/v1/${seg(owner)}/projects/list`, {
        query: o.query,
        sort: o.sort,
        limit: o.limit,
        offset: o.offset,
      });
      emit(cmd, r, () => {
        printTable(
          r.results,
          [
            { header: "name", value: (p) => `${p.owner}/${p.name}` },
            { header: "visibility", value: (p) => (p.is_public ? "public" : "private") },
            { header: "tags", value: (p) => p.tags },
            { header: "description", value: (p) => (p.description.length > 48 ? `${p.description.slice(0, 47)}…` : p.description) },
            { header: "updated", value: (p) => formatDate(p.updated_at) },
          ],
          { empty: o.query ? "No model matches this query." : `${owner} has no models you can see. Create one: modelreg project create --name ${owner}/NAME` },
        );
        if (r.count > r.results.length) say(cmd, `${r.results.length} of ${r.count} shown; use --limit/--offset for more.`);
      });
    });

  project
    .command("get")
    .description("show a model")
    .requiredOption("-p, --project <owner/name>", "the model")
    .action(async (o: { project: string }, cmd: Command) => {
      const p = await createClient().get<WireProject>(projectPath(o.project).path);
      emit(cmd, p, () => printProject(p));
    });

  project
    .command("update")
    .description("rename a model, or change its description, tags or visibility")
    .requiredOption("-p, --project <owner/name>", "the model")
    .option("--name <name>", "a new name (the old address stops working)")
    .option("--description <text>", "a new description")
    .option("--tags <a,b>", "the new tags (replace the old ones)")
    .option("--private", "make it private")
    .option("--public", "make it public")
    .action(async (o: { project: string; name?: string; description?: string; tags?: string; private?: boolean; public?: boolean }, cmd: Command) => {
      if (o.private && o.public) throw new CliError("Give --private or --public, not both.");
      const body: Record<string, unknown> = { name: o.name, description: o.description, tags: tagList(o.tags) };
      if (o.private) body.is_public = false;
      if (o.public) body.is_public = true;
      if (Object.values(body).every((v) => v === undefined))
        throw new CliError("Nothing to change: give --name, --description, --tags, --private or --public.");
      const p = await createClient({ requireLogin: true }).patch<WireProject>(projectPath(o.project).path, body);
      emit(cmd, p, () => say(cmd, `Updated ${p.owner}/${p.name}.`));
    });

  project
    .command("delete")
    .description("delete a model with all its versions, files and runs")
    .requiredOption("-p, --project <owner/name>", "the model")
    .option("-y, --yes", "do not ask for confirmation")
    .action(async (o: { project: string; yes?: boolean }, cmd: Command) => {
      const { owner, project: name, path } = projectPath(o.project);
      if (!o.yes) {
        if (!process.stdin.isTTY) throw new CliError("Refusing to delete without confirmation: add -y to delete from a script.");
        const typed = await ask(`This deletes ${owner}/${name} and everything in it. Type its name to confirm: `);
        if (typed.trim() !== name) throw new CliError("Not deleted: the name did not match.");
      }
      await createClient({ requireLogin: true }).delete(path);
      emit(cmd, { deleted: `${owner}/${name}` }, () => say(cmd, `Deleted ${owner}/${name}.`));
    });
}
