// MLflow's Model Registry REST API 2.0 (issue 17): the endpoint list (mlflow/endpoints.ts) bound to its handlers,
// under /api/2.0 and /ajax-api/2.0; anything else under /api/2.0/mlflow is MLflow's ENDPOINT_NOT_FOUND.
import type { RouteEntry, RouteHandler, RouteModule } from "@/lib/api/router";
import * as artifacts from "./mlflow/artifacts";
import { ALL_ENDPOINTS, PREFIXES, type MlflowEndpoint } from "./mlflow/endpoints";
import { mlflowErrorResponse } from "./mlflow/errors";
import * as mv from "./mlflow/model-versions";
import * as rm from "./mlflow/registered-models";
import * as runs from "./mlflow/runs";

const key = (e: Pick<MlflowEndpoint, "method" | "path">) => `${e.method} ${e.path}`;

/** Each endpoint's handler, by `METHOD path`. */
export const MLFLOW_HANDLERS: Record<string, RouteHandler> = {
  "POST /mlflow/registered-models/create": rm.create,
  "POST /mlflow/registered-models/rename": rm.rename,
  "PATCH /mlflow/registered-models/update": rm.update,
  "DELETE /mlflow/registered-models/delete": rm.remove,
  "GET /mlflow/registered-models/get": rm.get,
  "GET /mlflow/registered-models/search": rm.search,
  "POST /mlflow/registered-models/get-latest-versions": rm.getLatestVersions,
  "GET /mlflow/registered-models/get-latest-versions": rm.getLatestVersions,
  "POST /mlflow/registered-models/set-tag": rm.setTag,
  "DELETE /mlflow/registered-models/delete-tag": rm.deleteTag,
  "POST /mlflow/registered-models/alias": rm.alias.POST,
  "DELETE /mlflow/registered-models/alias": rm.alias.DELETE,
  "GET /mlflow/registered-models/alias": rm.alias.GET,
  "POST /mlflow/model-versions/create": mv.create,
  "PATCH /mlflow/model-versions/update": mv.update,
  "POST /mlflow/model-versions/transition-stage": mv.transitionStage,
  "DELETE /mlflow/model-versions/delete": mv.remove,
  "GET /mlflow/model-versions/get": mv.get,
  "GET /mlflow/model-versions/search": mv.search,
  "GET /mlflow/model-versions/get-download-uri": mv.getDownloadUri,
  "POST /mlflow/model-versions/set-tag": mv.setTag,
  "DELETE /mlflow/model-versions/delete-tag": mv.deleteTag,
  "GET /mlflow/runs/get": runs.get,
  "GET /mlflow-artifacts/artifacts": artifacts.list,
  "GET /mlflow-artifacts/artifacts/*path": artifacts.download,
  "PUT /mlflow-artifacts/artifacts/*path": artifacts.upload,
};

const notFound: RouteHandler = async (req) =>
  mlflowErrorResponse("ENDPOINT_NOT_FOUND", `No MLflow endpoint ${req.method} ${new URL(req.url).pathname} here (Modelreg serves the Model Registry API).`);
const ANY_METHOD: RouteModule = { GET: notFound, POST: notFound, PUT: notFound, PATCH: notFound, DELETE: notFound };

function buildRoutes(): RouteEntry[] {
  const byPath = new Map<string, RouteModule>();
  for (const e of ALL_ENDPOINTS) {
    const handler = MLFLOW_HANDLERS[key(e)];
    if (!handler) throw new Error(`MLflow endpoint ${key(e)} has no handler`);
    for (const prefix of PREFIXES) {
      const path = prefix + e.path;
      const module = byPath.get(path) ?? {};
      module[e.method] = handler;
      byPath.set(path, module);
    }
  }
  const routes = [...byPath].map(([path, module]) => ({ path, module }));
  for (const prefix of PREFIXES) {
    routes.push({ path: `${prefix}/mlflow/*rest`, module: ANY_METHOD });
    // The proxy's other endpoints (multipart uploads): not served, said in MLflow's words.
    routes.push({ path: `${prefix}/mlflow-artifacts/*rest`, module: ANY_METHOD });
  }
  return routes;
}

export const mlflowRoutes: RouteEntry[] = buildRoutes();
