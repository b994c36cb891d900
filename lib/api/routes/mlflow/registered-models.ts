// /api/2.0/mlflow/registered-models/*: MLflow's registered models are Modelreg's models (OWNER.MODEL).
import "server-only";
import { loadProjectAccess } from "@/lib/registry/access";
import { removeAlias, setAlias } from "@/lib/registry/aliases";
import { InvalidError } from "@/lib/registry/errors";
import { createMlflowModel } from "@/lib/registry/mlflow-models";
import { mlflowModelName, stageOf, versionNameOf } from "@/lib/registry/mlflow-names";
import { latestVersionsOf, searchMlflowModels } from "@/lib/registry/mlflow-search";
import { deleteModelTag, setModelTag } from "@/lib/registry/mlflow-tags";
import { deleteProject, updateProject } from "@/lib/registry/projects";
import { getVersion } from "@/lib/registry/versions";
import { mlflow, optionalString, required, stringList, type MlflowContext } from "./handler";
import { pageOf, pageTokenOf } from "./paging";
import { renderModel, renderModels, renderVersions, withModel } from "./render";

const modelRow = (access: Awaited<ReturnType<typeof loadProjectAccess>>) => ({ project: access.project, owner: access.org.name });

async function answerModel(ctx: MlflowContext, owner: string, project: string) {
  const access = await loadProjectAccess(ctx.db, ctx.actor, owner, project);
  return { registered_model: await renderModel(ctx.db, ctx.actor, modelRow(access), ctx.url.origin) };
}

export const create = mlflow(async (ctx) => {
  const ref = await ctx.model(required(ctx.fields, "name"));
  await createMlflowModel(ctx.db, ctx.actor, ref.owner, {
    name: ref.project,
    description: optionalString(ctx.fields, "description"),
    tags: ctx.fields.tags,
  });
  return answerModel(ctx, ref.owner, ref.project);
});

export const get = mlflow(async (ctx) => {
  const ref = await ctx.model(required(ctx.fields, "name"));
  return answerModel(ctx, ref.owner, ref.project);
});

export const update = mlflow(async (ctx) => {
  const ref = await ctx.model(required(ctx.fields, "name"));
  const description = optionalString(ctx.fields, "description");
  if (description !== undefined) await updateProject(ctx.db, ctx.actor, ref.owner, ref.project, { description });
  return answerModel(ctx, ref.owner, ref.project);
});

export const rename = mlflow(async (ctx) => {
  const ref = await ctx.model(required(ctx.fields, "name"));
  const to = await ctx.model(required(ctx.fields, "new_name"));
  if (to.owner !== ref.owner) {
    throw InvalidError.field(
      "new_name",
      `a rename stays in ${ref.owner} (moving a model to another organization is not a rename): use ${mlflowModelName(ref.owner, to.project)}`,
    );
  }
  await updateProject(ctx.db, ctx.actor, ref.owner, ref.project, { name: to.project });
  return answerModel(ctx, to.owner, to.project);
});

export const remove = mlflow(async (ctx) => {
  const ref = await ctx.model(required(ctx.fields, "name"));
  await deleteProject(ctx.db, ctx.actor, ref.owner, ref.project);
  return {};
});

export const search = mlflow(async (ctx) => {
  const page = pageOf(ctx.fields, { max: 1000, fallback: 100 });
  const { results, more } = await searchMlflowModels(ctx.db, ctx.actor, {
    filter: optionalString(ctx.fields, "filter"),
    orderBy: stringList(ctx.fields, "order_by"),
    ...page,
    defaultOrg: await ctx.defaultOrg(),
  });
  return {
    registered_models: await renderModels(ctx.db, ctx.actor, results, ctx.url.origin),
    ...(more ? { next_page_token: pageTokenOf(page.offset + page.limit) } : {}),
  };
});

export const getLatestVersions = mlflow(async (ctx) => {
  const ref = await ctx.model(required(ctx.fields, "name"));
  const access = await loadProjectAccess(ctx.db, ctx.actor, ref.owner, ref.project);
  const stages = stringList(ctx.fields, "stages").map((s) => stageOf(s, "stages"));
  const latest = await latestVersionsOf(ctx.db, ctx.actor, [modelRow(access)], stages);
  const rows = (latest.get(access.project.id) ?? []).sort((a, b) => (b.nameNumber ?? 0) - (a.nameNumber ?? 0));
  return { model_versions: await renderVersions(ctx.db, rows, ctx.url.origin) };
});

export const setTag = mlflow(async (ctx) => {
  const ref = await ctx.model(required(ctx.fields, "name"));
  await setModelTag(ctx.db, ctx.actor, ref.owner, ref.project, { key: ctx.fields.key, value: ctx.fields.value });
  return {};
});

export const deleteTag = mlflow(async (ctx) => {
  const ref = await ctx.model(required(ctx.fields, "name"));
  await deleteModelTag(ctx.db, ctx.actor, ref.owner, ref.project, ctx.fields.key);
  return {};
});

/** POST sets (or moves) an alias, DELETE removes it, GET answers the version it points at. */
export const alias = {
  POST: mlflow(async (ctx) => {
    const ref = await ctx.model(required(ctx.fields, "name"));
    const version = versionNameOf(ctx.fields.version);
    const result = await setAlias(ctx.db, ctx.actor, ref.owner, ref.project, required(ctx.fields, "alias"), { version });
    // A protected alias on a model that requires approval: recorded as a request (MLflow's client ignores the extra fields).
    return result.pending ? { pending: true, message: "The alias is protected: a project admin must approve the move (Modelreg's inbox)." } : {};
  }),
  DELETE: mlflow(async (ctx) => {
    const ref = await ctx.model(required(ctx.fields, "name"));
    await removeAlias(ctx.db, ctx.actor, ref.owner, ref.project, required(ctx.fields, "alias"));
    return {};
  }),
  GET: mlflow(async (ctx) => {
    const ref = await ctx.model(required(ctx.fields, "name"));
    const name = required(ctx.fields, "alias");
    const { access, version } = await getVersion(ctx.db, ctx.actor, ref.owner, ref.project, "model", `@${name}`);
    const [mv] = await renderVersions(ctx.db, [withModel(version, access.org.name, access.project.name, access.project.id)], ctx.url.origin);
    return { model_version: mv };
  }),
};
