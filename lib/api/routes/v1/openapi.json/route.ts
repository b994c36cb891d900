import { openApiDocument } from "@/lib/api/openapi/index";

/** The OpenAPI 3.1 document, generated from the zod schemas the routes validate with. */
export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
