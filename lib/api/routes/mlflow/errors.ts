// MLflow's error shape, {error_code, message}, with the HTTP statuses MLflow's server uses for each code
// (mlflow/server/handlers.py, protos/databricks.proto): the registry's typed errors mapped once.
import {
  ConflictError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  RateLimitedError,
  RegistryError,
  TooLargeError,
  UnauthorizedError,
} from "@/lib/registry/errors";

export type MlflowErrorCode =
  | "RESOURCE_DOES_NOT_EXIST"
  | "INVALID_PARAMETER_VALUE"
  | "RESOURCE_ALREADY_EXISTS"
  | "PERMISSION_DENIED"
  | "UNAUTHENTICATED"
  | "REQUEST_LIMIT_EXCEEDED"
  | "ENDPOINT_NOT_FOUND"
  | "INVALID_STATE"
  | "INTERNAL_ERROR";

export const STATUS_OF: Record<MlflowErrorCode, number> = {
  RESOURCE_DOES_NOT_EXIST: 404,
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  REQUEST_LIMIT_EXCEEDED: 429,
  ENDPOINT_NOT_FOUND: 404,
  INVALID_STATE: 400,
  INTERNAL_ERROR: 500,
};

export function mlflowErrorResponse(code: MlflowErrorCode, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error_code: code, message }, { status: STATUS_OF[code], headers });
}

export function toMlflowError(err: unknown): Response {
  if (err instanceof RegistryError) {
    if (err instanceof NotFoundError) return mlflowErrorResponse("RESOURCE_DOES_NOT_EXIST", err.message);
    if (err instanceof UnauthorizedError)
      return mlflowErrorResponse("UNAUTHENTICATED", err.message, { "www-authenticate": 'Basic realm="modelreg", charset="UTF-8"' });
    if (err instanceof ForbiddenError) return mlflowErrorResponse("PERMISSION_DENIED", err.message);
    // A taken name is MLflow's RESOURCE_ALREADY_EXISTS; any other conflict (a protected version's locked files, a
    // pending request) is INVALID_STATE, as MLflow's server says of an operation the resource's state forbids.
    if (err instanceof ConflictError) return mlflowErrorResponse(err.fieldErrors.name ? "RESOURCE_ALREADY_EXISTS" : "INVALID_STATE", err.message);
    if (err instanceof RateLimitedError) return mlflowErrorResponse("REQUEST_LIMIT_EXCEEDED", err.message, { "retry-after": String(err.retryAfterSeconds) });
    if (err instanceof TooLargeError || err instanceof InvalidError) return mlflowErrorResponse("INVALID_PARAMETER_VALUE", err.message);
  }
  console.error("mlflow surface: unexpected error", err);
  return mlflowErrorResponse("INTERNAL_ERROR", "Internal error");
}
