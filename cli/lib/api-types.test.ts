// The CLI's wire types are generated from the OpenAPI document (scripts/cli-types.ts): this fails while the
// committed file is stale, so a schema change reaches the CLI's types in the same commit.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { CLI_TYPES_FILE, cliTypesSource } from "../../scripts/cli-types";

describe("cli/lib/api-types.ts", () => {
  it("is what the OpenAPI document generates (run `npm run gen:cli-types` after a schema change)", async () => {
    expect(fs.readFileSync(CLI_TYPES_FILE, "utf8")).toBe(await cliTypesSource());
  }, 30_000);
});
