// The MLflow endpoints this surface answers, as data: the Model Registry service of mlflow/protos/model_registry.proto
// (every rpc's `(rpc).endpoints`, paths under /api/2.0 and their /ajax-api/2.0 twins), and the few tracking and
// artifact endpoints `mlflow.register_model` and `download_artifacts` need (MLFLOW-WIRE.md). The route table is built
// from this list and the contract test fails when an endpoint has no route.
export type MlflowMethod = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";
/** `response`: the fields of the rpc's Response message (what a 200 may carry). */
export type MlflowEndpoint = { rpc: string; method: MlflowMethod; path: string; response?: readonly string[] };

/** message RegisteredModel (model_registry.proto). */
export const REGISTERED_MODEL_FIELDS = [
  "name",
  "creation_timestamp",
  "last_updated_timestamp",
  "user_id",
  "description",
  "latest_versions",
  "tags",
  "aliases",
  "deployment_job_id",
  "deployment_job_state",
] as const;

/** message ModelVersion (model_registry.proto). */
export const MODEL_VERSION_FIELDS = [
  "name",
  "version",
  "creation_timestamp",
  "last_updated_timestamp",
  "user_id",
  "current_stage",
  "description",
  "source",
  "run_id",
  "status",
  "status_message",
  "tags",
  "run_link",
  "aliases",
  "model_id",
  "model_params",
  "model_metrics",
  "deployment_job_state",
] as const;

/** The ModelVersion fields this server always sends (the client polls while `status` is missing). */
export const MODEL_VERSION_SENT = [
  "name",
  "version",
  "creation_timestamp",
  "last_updated_timestamp",
  "user_id",
  "current_stage",
  "description",
  "source",
  "run_id",
  "status",
  "status_message",
  "tags",
  "run_link",
  "aliases",
] as const;

export const REGISTERED_MODEL_SENT = ["name", "creation_timestamp", "last_updated_timestamp", "description", "latest_versions", "tags", "aliases"] as const;

const RM = ["registered_model"] as const;
const MV = ["model_version"] as const;
const EMPTY = [] as const;

/** Fields beyond the proto's that a 200 may add (a stage or alias change recorded as a request): clients ignore them. */
export const EXTRA_RESPONSE_FIELDS = ["pending", "message"] as const;

/** From model_registry.proto (service ModelRegistryService), MLflow 3.x. */
export const MODEL_REGISTRY_ENDPOINTS: readonly MlflowEndpoint[] = [
  { rpc: "CreateRegisteredModel", method: "POST", path: "/mlflow/registered-models/create", response: RM },
  { rpc: "RenameRegisteredModel", method: "POST", path: "/mlflow/registered-models/rename", response: RM },
  { rpc: "UpdateRegisteredModel", method: "PATCH", path: "/mlflow/registered-models/update", response: RM },
  { rpc: "DeleteRegisteredModel", method: "DELETE", path: "/mlflow/registered-models/delete", response: EMPTY },
  { rpc: "GetRegisteredModel", method: "GET", path: "/mlflow/registered-models/get", response: RM },
  { rpc: "SearchRegisteredModels", method: "GET", path: "/mlflow/registered-models/search", response: ["registered_models", "next_page_token"] },
  { rpc: "GetLatestVersions", method: "POST", path: "/mlflow/registered-models/get-latest-versions", response: ["model_versions"] },
  { rpc: "GetLatestVersions", method: "GET", path: "/mlflow/registered-models/get-latest-versions", response: ["model_versions"] },
  { rpc: "SetRegisteredModelTag", method: "POST", path: "/mlflow/registered-models/set-tag", response: EMPTY },
  { rpc: "DeleteRegisteredModelTag", method: "DELETE", path: "/mlflow/registered-models/delete-tag", response: EMPTY },
  { rpc: "SetRegisteredModelAlias", method: "POST", path: "/mlflow/registered-models/alias", response: EMPTY },
  { rpc: "DeleteRegisteredModelAlias", method: "DELETE", path: "/mlflow/registered-models/alias", response: EMPTY },
  { rpc: "GetModelVersionByAlias", method: "GET", path: "/mlflow/registered-models/alias", response: MV },
  { rpc: "CreateModelVersion", method: "POST", path: "/mlflow/model-versions/create", response: MV },
  { rpc: "UpdateModelVersion", method: "PATCH", path: "/mlflow/model-versions/update", response: MV },
  { rpc: "TransitionModelVersionStage", method: "POST", path: "/mlflow/model-versions/transition-stage", response: MV },
  { rpc: "DeleteModelVersion", method: "DELETE", path: "/mlflow/model-versions/delete", response: EMPTY },
  { rpc: "GetModelVersion", method: "GET", path: "/mlflow/model-versions/get", response: MV },
  { rpc: "SearchModelVersions", method: "GET", path: "/mlflow/model-versions/search", response: ["model_versions", "next_page_token"] },
  { rpc: "GetModelVersionDownloadUri", method: "GET", path: "/mlflow/model-versions/get-download-uri", response: ["artifact_uri"] },
  { rpc: "SetModelVersionTag", method: "POST", path: "/mlflow/model-versions/set-tag", response: EMPTY },
  { rpc: "DeleteModelVersionTag", method: "DELETE", path: "/mlflow/model-versions/delete-tag", response: EMPTY },
];

/** What register_model("runs:/<run>/model") needs of the tracking service (service.proto). */
export const TRACKING_ENDPOINTS: readonly MlflowEndpoint[] = [{ rpc: "GetRun", method: "GET", path: "/mlflow/runs/get", response: ["run"] }];

/** The artifact proxy (mlflow_artifacts.proto), under /api/2.0/mlflow-artifacts (no /mlflow prefix). */
export const ARTIFACT_ENDPOINTS: readonly MlflowEndpoint[] = [
  { rpc: "ListArtifacts", method: "GET", path: "/mlflow-artifacts/artifacts" },
  { rpc: "DownloadArtifact", method: "GET", path: "/mlflow-artifacts/artifacts/*path" },
  { rpc: "UploadArtifact", method: "PUT", path: "/mlflow-artifacts/artifacts/*path" },
];

export const ALL_ENDPOINTS: readonly MlflowEndpoint[] = [...MODEL_REGISTRY_ENDPOINTS, ...TRACKING_ENDPOINTS, ...ARTIFACT_ENDPOINTS];

/** The two prefixes MLflow's server mounts every endpoint under. */
export const PREFIXES = ["/api/2.0", "/ajax-api/2.0"] as const;
