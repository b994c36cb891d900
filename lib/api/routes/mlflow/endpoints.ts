// The MLflow endpoints this surface answers, as data: the Model Registry service of mlflow/protos/model_registry.proto
// (every rpc's `(rpc).endpoints`, paths under /api/2.0 and their /ajax-api/2.0 twins), and the few tracking and
// artifact endpoints `mlflow.register_model` and `download_artifacts` need (MLFLOW-WIRE.md). The route table is built
// from this list and the contract test fails when an endpoint has no route.
export type MlflowMethod = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";
export type MlflowEndpoint = { rpc: string; method: MlflowMethod; path: string };

/** From model_registry.proto (service ModelRegistryService), MLflow 3.x. */
export const MODEL_REGISTRY_ENDPOINTS: readonly MlflowEndpoint[] = [
  { rpc: "CreateRegisteredModel", method: "POST", path: "/mlflow/registered-models/create" },
  { rpc: "RenameRegisteredModel", method: "POST", path: "/mlflow/registered-models/rename" },
  { rpc: "UpdateRegisteredModel", method: "PATCH", path: "/mlflow/registered-models/update" },
  { rpc: "DeleteRegisteredModel", method: "DELETE", path: "/mlflow/registered-models/delete" },
  { rpc: "GetRegisteredModel", method: "GET", path: "/mlflow/registered-models/get" },
  { rpc: "SearchRegisteredModels", method: "GET", path: "/mlflow/registered-models/search" },
  { rpc: "GetLatestVersions", method: "POST", path: "/mlflow/registered-models/get-latest-versions" },
  { rpc: "GetLatestVersions", method: "GET", path: "/mlflow/registered-models/get-latest-versions" },
  { rpc: "SetRegisteredModelTag", method: "POST", path: "/mlflow/registered-models/set-tag" },
  { rpc: "DeleteRegisteredModelTag", method: "DELETE", path: "/mlflow/registered-models/delete-tag" },
  { rpc: "SetRegisteredModelAlias", method: "POST", path: "/mlflow/registered-models/alias" },
  { rpc: "DeleteRegisteredModelAlias", method: "DELETE", path: "/mlflow/registered-models/alias" },
  { rpc: "GetModelVersionByAlias", method: "GET", path: "/mlflow/registered-models/alias" },
  { rpc: "CreateModelVersion", method: "POST", path: "/mlflow/model-versions/create" },
  { rpc: "UpdateModelVersion", method: "PATCH", path: "/mlflow/model-versions/update" },
  { rpc: "TransitionModelVersionStage", method: "POST", path: "/mlflow/model-versions/transition-stage" },
  { rpc: "DeleteModelVersion", method: "DELETE", path: "/mlflow/model-versions/delete" },
  { rpc: "GetModelVersion", method: "GET", path: "/mlflow/model-versions/get" },
  { rpc: "SearchModelVersions", method: "GET", path: "/mlflow/model-versions/search" },
  { rpc: "GetModelVersionDownloadUri", method: "GET", path: "/mlflow/model-versions/get-download-uri" },
  { rpc: "SetModelVersionTag", method: "POST", path: "/mlflow/model-versions/set-tag" },
  { rpc: "DeleteModelVersionTag", method: "DELETE", path: "/mlflow/model-versions/delete-tag" },
];

/** What register_model("runs:/<run>/model") needs of the tracking service (service.proto). */
export const TRACKING_ENDPOINTS: readonly MlflowEndpoint[] = [{ rpc: "GetRun", method: "GET", path: "/mlflow/runs/get" }];

/** The artifact proxy (mlflow_artifacts.proto), under /api/2.0/mlflow-artifacts (no /mlflow prefix). */
export const ARTIFACT_ENDPOINTS: readonly MlflowEndpoint[] = [
  { rpc: "ListArtifacts", method: "GET", path: "/mlflow-artifacts/artifacts" },
  { rpc: "DownloadArtifact", method: "GET", path: "/mlflow-artifacts/artifacts/*path" },
  { rpc: "UploadArtifact", method: "PUT", path: "/mlflow-artifacts/artifacts/*path" },
];

export const ALL_ENDPOINTS: readonly MlflowEndpoint[] = [...MODEL_REGISTRY_ENDPOINTS, ...TRACKING_ENDPOINTS, ...ARTIFACT_ENDPOINTS];

/** The two prefixes MLflow's server mounts every endpoint under. */
export const PREFIXES = ["/api/2.0", "/ajax-api/2.0"] as const;
