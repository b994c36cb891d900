import { v1Routes } from "./routes/v1";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildOpenApiDocument, registerRoute, json } from "./openapi/builder";
import { openApiDocument, REGISTRARS } from "./openapi/index";

describe("the OpenAPI document", () => {
  it("validates as OpenAPI 3.1", async () => {
    const doc = structuredClone(openApiDocument());
    expect(doc.openapi).toBe("3.1.0");
    await expect(SwaggerParser.validate(doc as never)).resolves.toBeTruthy();
  });

  it("documents every organization, member, team and account route of DESIGN §6", () => {
    const paths = openApiDocument().paths ?? {};
    const expected: [string, string[]][] = [
      ["/api/v1/users", ["get"]],
      ["/api/v1/auth/token", ["post", "delete"]],
      ["/api/v1/orgs", ["get", "post"]],
      ["/api/v1/orgs/{org}", ["get", "patch", "delete"]],
      ["/api/v1/orgs/{org}/members", ["get", "post"]],
      ["/api/v1/orgs/{org}/members/{username}", ["patch", "delete"]],
      ["/api/v1/orgs/{org}/teams", ["get", "post"]],
      ["/api/v1/orgs/{org}/teams/{team}", ["get", "patch", "delete"]],
      ["/api/v1/orgs/{org}/teams/{team}/members/{username}", ["put", "delete"]],
      ["/api/v1/orgs/{org}/activities", ["get"]],
      ["/api/v1/openapi.json", ["get"]],
    ];
    for (const [path, methods] of expected) {
      expect(Object.keys(paths[path] ?? {}).sort(), path).toEqual([...methods].sort());
    }
  });

  it("carries the registry's validation rules into the request schemas", () => {
    const doc = openApiDocument() as unknown as { components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> } };
    const create = doc.components.schemas.CreateOrganization;
    expect(create.properties.name).toMatchObject({ minLength: 2, maxLength: 39 });
    expect(doc.components.schemas.AddMember.properties.role.enum).toEqual(["viewer", "member", "admin", "manager", "owner"]);
  });

  it("takes another area's routes through one registrar", async () => {
    const extra = (r: Parameters<(typeof REGISTRARS)[number]>[0]) =>
      registerRoute(r, {
        method: "get",
        path: "/api/v1/{owner}/{project}/widgets",
        auth: "optional",
        request: { params: z.object({ owner: z.string(), project: z.string() }) },
        responses: { 200: json(z.object({ ok: z.boolean() }).meta({ id: "WidgetTest" })) },
      });
    const doc = buildOpenApiDocument([...REGISTRARS, extra]);
    expect(doc.paths?.["/api/v1/{owner}/{project}/widgets"]?.get).toBeTruthy();
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it("documents every method of every /api/v1 route in the route table, and nothing else", async () => {
    // The routes as the server answers them: lib/api/routes/v1.ts, `:x` and `*x` turned into `{x}`, and the
    // methods each module exports (HEAD and OPTIONS the router answers by itself are not exports).
    const served: string[] = [];
    for (const { path: p, module } of v1Routes) {
      const apiPath = p.replace(/[:*]([A-Za-z]+)\??/g, "{$1}");
      const methods = Object.keys(module).filter((k) => HTTP_METHODS.includes(k) && typeof (module as Record<string, unknown>)[k] === "function");
      expect(methods.length, p).toBeGreaterThan(0);
      for (const m of methods) served.push(`${m.toLowerCase()} ${apiPath}`);
    }
    expect(served.length).toBeGreaterThan(40);
    const documented = Object.entries(openApiDocument().paths ?? {}).flatMap(([p, item]) =>
      Object.keys(item ?? {})
        .filter((m) => HTTP_METHODS.includes(m.toUpperCase()))
        .map((m) => `${m} ${p}`),
    );
    expect(
      served.filter((r) => !documented.includes(r)),
      "served but not in the document",
    ).toEqual([]);
    expect(
      documented.filter((r) => !served.includes(r)),
      "in the document but not served",
    ).toEqual([]);
  }, 60_000);
});

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
