// /api/2.0/mlflow/model-versions/*: MLflow's integer versions are Modelreg's v{n} model versions.
import "server-only";
import { InvalidError } from "@/lib/registry/errors";
import { registerMlflowVersion, transitionMlflowStage } from "@/lib/registry/mlflow-models";
import { stageOf, versionNameOf } from "@/lib/registry/mlflow-names";
import { searchMlflowVersions } from "@/lib/registry/mlflow-search";
import { deleteVersionTag, setVersionTag } from "@/lib/registry/mlflow-tags";
import { deleteVersion, getVersion, updateVersion } from "@/lib/registry/versions";
import { booleanField, mlflow, optionalString, required, stringList, type MlflowContext } from "./handler";
import { pageOf, pageTokenOf } from "./paging";
import { artifactUriOf, renderVersions, withModel } from "./render";

type Loaded = Awaited<ReturnType<typeof getVersion>>;

async function answer(ctx: MlflowContext, loaded: Pick<Loaded, "access" | "version">) {
  const { access, version } = loaded;
  const [mv] = await renderVersions(ctx.db, [withModel(version, access.org.name, access.project.name, access.project.id)], ctx.url.origin);
  return { model_version: mv };
}

async function target(ctx: MlflowContext) {
  const ref = await ctx.model(required(ctx.fields, "name"));
  return { ...ref, version: versionNameOf(ctx.fields.version) };
}

export const create = mlflow(async (ctx) => {
  const ref = await ctx.model(required(ctx.fields, "name"));
  const result = await registerMlflowVersion(ctx.db, ctx.actor, ref.owner, ref.project, {
    source: optionalString(ctx.fields, "source"),
    runId: optionalString(ctx.fields, "run_id"),
    runLink: optionalString(ctx.fields, "run_link"),
    description: optionalString(ctx.fields, "description"),
    tags: ctx.fields.tags,
  });
  return answer(ctx, result);
});

export const get = mlflow(async (ctx) => {
  const t = await target(ctx);
  return answer(ctx, await getVersion(ctx.db, ctx.actor, t.owner, t.project, "model", t.version));
});

export const update = mlflow(async (ctx) => {
  const t = await target(ctx);
  const description = optionalString(ctx.fields, "description");
  const loaded =
    description !== undefined
      ? await updateVersion(ctx.db, ctx.actor, t.owner, t.project, "model", t.version, { description })
      : await getVersion(ctx.db, ctx.actor, t.owner, t.project, "model", t.version);
  return answer(ctx, loaded);
});

export const remove = mlflow(async (ctx) => {
  const t = await target(ctx);
  await deleteVersion(ctx.db, ctx.actor, t.owner, t.project, "model", t.version);
  return {};
});

export const search = mlflow(async (ctx) => {
  // MLflow's client asks for 10,000 by default (and reads one page), its server allows 200,000: up to 10,000 are
  // served at once, more with a page token.
  const page = pageOf(ctx.fields, { max: 200_000, fallback: 10_000, serveAtMost: 10_000 });
  const { results, more } = await searchMlflowVersions(ctx.db, ctx.actor, {
    filter: optionalString(ctx.fields, "filter"),
    orderBy: stringList(ctx.fields, "order_by"),
    ...page,
    defaultOrg: await ctx.defaultOrg(),
  });
  return {
    model_versions: await renderVersions(ctx.db, results, ctx.url.origin),
    ...(more ? { next_page_token: pageTokenOf(page.offset + page.limit) } : {}),
  };
});

/** The stage change, as Modelreg's (lib/registry/mlflow-models.ts transitionMlflowStage); a recorded request adds `pending: true`. */
export const transitionStage = mlflow(async (ctx) => {
  const t = await target(ctx);
  const stage = stageOf(required(ctx.fields, "stage"));
  const archiveExisting = booleanField(ctx.fields, "archive_existing_versions");
  const { pending } = await transitionMlflowStage(ctx.db, ctx.actor, t.owner, t.project, t.version, { stage, archiveExisting });
  const out = await answer(ctx, await getVersion(ctx.db, ctx.actor, t.owner, t.project, "model", t.version));
  return pending ? { ...out, pending: true, message: "The stage is protected: a project admin must approve the change (Modelreg's inbox)." } : out;
});

export const getDownloadUri = mlflow(async (ctx) => {
  const t = await target(ctx);
  const { access, version } = await getVersion(ctx.db, ctx.actor, t.owner, t.project, "model", t.version);
  return { artifact_uri: artifactUriOf(access.org.name, access.project.name, version.name) };
});

export const setTag = mlflow(async (ctx) => {
  const t = await target(ctx);
  await setVersionTag(ctx.db, ctx.actor, t.owner, t.project, t.version, { key: ctx.fields.key, value: ctx.fields.value });
  return {};
});

export const deleteTag = mlflow(async (ctx) => {
  const t = await target(ctx);
  if (ctx.fields.key === undefined) throw InvalidError.field("key", "Missing value for required parameter 'key'.");
  await deleteVersionTag(ctx.db, ctx.actor, t.owner, t.project, t.version, ctx.fields.key);
  return {};
});
