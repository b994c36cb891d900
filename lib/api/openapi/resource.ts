// The five routes of one resource, as organizations and models (projects) have them: list and create
// on the collection, read, update and delete on one of them. Each area states only what differs
// (paths, parameters, who may call, summaries, bodies, refusals); the shapes of the answers are fixed
// here, so the resources read alike in the document.
import type { z } from "zod";
import { errorResponses, json, jsonBody, registerRoute, type AuthMode, type OpenAPIRegistry } from "./builder";

type ErrorStatus = Parameters<typeof errorResponses>[number];
type Params = z.ZodObject;
type Doc = { summary: string; description?: string; errors: ErrorStatus[] };

export type ResourceRoutes = {
  tags: string[];
  /** The resource's schema: the answer of create, get and update. */
  schema: z.ZodType;
  list: Doc & { path: string; params?: Params; auth: AuthMode; query: Params; answer: z.ZodType };
  create: Doc & { path: string; params?: Params; body: z.ZodType };
  /** The path and parameters of one resource, for get, update and delete. */
  one: { path: string; params: Params };
  get: Doc;
  update: Doc & { body: z.ZodType };
  remove: Doc;
};

export function registerResourceRoutes(r: OpenAPIRegistry, s: ResourceRoutes): void {
  const { tags, schema, one } = s;
  const doc = ({ summary, description }: Doc) => ({ summary, ...(description === undefined ? {} : { description }) });
  registerRoute(r, {
    method: "get",
    path: s.list.path,
    tags,
    auth: s.list.auth,
    ...doc(s.list),
    request: { ...(s.list.params ? { params: s.list.params } : {}), query: s.list.query },
    responses: { 200: json(s.list.answer), ...errorResponses(...s.list.errors) },
  });
  registerRoute(r, {
    method: "post",
    path: s.create.path,
    tags,
    auth: "required",
    ...doc(s.create),
    request: { ...(s.create.params ? { params: s.create.params } : {}), body: jsonBody(s.create.body) },
    responses: { 201: json(schema, "Created"), ...errorResponses(...s.create.errors) },
  });
  registerRoute(r, {
    method: "get",
    path: one.path,
    tags,
    auth: "optional",
    ...doc(s.get),
    request: { params: one.params },
    responses: { 200: json(schema), ...errorResponses(...s.get.errors) },
  });
  registerRoute(r, {
    method: "patch",
    path: one.path,
    tags,
    auth: "required",
    ...doc(s.update),
    request: { params: one.params, body: jsonBody(s.update.body) },
    responses: { 200: json(schema), ...errorResponses(...s.update.errors) },
  });
  registerRoute(r, {
    method: "delete",
    path: one.path,
    tags,
    auth: "required",
    ...doc(s.remove),
    request: { params: one.params },
    responses: { 204: { description: "Deleted" }, ...errorResponses(...s.remove.errors) },
  });
}
