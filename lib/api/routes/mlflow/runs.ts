// GET /api/2.0/mlflow/runs/get for Modelreg's own runs (what mlflow.register_model("runs:/<run>/model") asks
// first); any other run id is RESOURCE_DOES_NOT_EXIST. A run's artifact URI is under the artifact proxy.
import "server-only";
import { NotFoundError } from "@/lib/registry/errors";
import { getRun, isUuid, locateRun } from "@/lib/registry/runs";
import { mlflow } from "./handler";

/** Modelreg's run statuses → MLflow's RunStatus (RUNNING, SCHEDULED, FINISHED, FAILED, KILLED). */
function runStatus(s: string): string {
  const v = s.toLowerCase();
  if (["succeeded", "done", "finished", "success"].includes(v)) return "FINISHED";
  if (["failed", "upstream_failed"].includes(v)) return "FAILED";
  if (["stopped", "stopping", "skipped"].includes(v)) return "KILLED";
  if (["created", "scheduled", "compiled", "queued", "on_schedule", "warning", "unschedulable"].includes(v)) return "SCHEDULED";
  return "RUNNING";
}

const kv = (o: unknown) =>
  o && typeof o === "object" && !Array.isArray(o)
    ? Object.entries(o as Record<string, unknown>).map(([key, value]) => ({ key, value: typeof value === "string" ? value : JSON.stringify(value) }))
    : [];

export const get = mlflow(async ({ db, actor, fields }) => {
  const id = String(fields.run_id ?? fields.run_uuid ?? "")
    .trim()
    .toLowerCase();
  const notHere = new NotFoundError(`Run '${id}' not found: this registry answers runs/get only for its own runs (Modelreg run uuids).`);
  if (!id || !isUuid(id)) throw notHere;
  let where;
  try {
    where = await locateRun(db, actor, id);
  } catch (err) {
    if (err instanceof NotFoundError) throw notHere;
    throw err;
  }
  const { run } = await getRun(db, actor, where.owner, where.project, id);
  const metrics = kv(run.outputs)
    .map((m) => ({ key: m.key, value: Number(m.value), timestamp: run.updatedAt.getTime(), step: 0 }))
    .filter((m) => Number.isFinite(m.value));
  return {
    run: {
      info: {
        run_id: run.uuid,
        run_uuid: run.uuid,
        run_name: run.name,
        experiment_id: "0",
        user_id: run.createdBy ?? "",
        status: runStatus(run.status),
        start_time: run.createdAt.getTime(),
        end_time: run.updatedAt.getTime(),
        artifact_uri: `mlflow-artifacts:/modelreg-runs/${where.owner}/${where.project}/${run.uuid}/artifacts`,
        lifecycle_stage: "active",
      },
      data: { metrics, params: kv(run.inputs), tags: [{ key: "modelreg.project", value: `${where.owner}/${where.project}` }] },
    },
  };
});
