// The versions-list spec the PQL tests run against (lib/registry builds its own; this one exercises every type).
import { sql } from "drizzle-orm";
import { runs, stageEnum, versionKindEnum, versions } from "@/db/schema";
import type { QuerySpec } from "./types";

export const testSpec: QuerySpec = {
  fields: {
    name: { type: "string", column: versions.name, search: true },
    description: { type: "string", column: versions.description, search: true },
    content: { type: "string", column: versions.content },
    uuid: { type: "uuid", column: versions.uuid },
    kind: { type: "enum", column: versions.kind, values: versionKindEnum.enumValues },
    stage: { type: "enum", column: versions.stage, values: stageEnum.enumValues },
    tags: { type: "tags", column: versions.tags },
    name_number: { type: "number", column: versions.nameNumber },
    // An expression rather than a column: checks that PQL parenthesizes it.
    has_content: { type: "boolean", column: sql`${versions.content} is not null` },
    run: { type: "uuid", column: sql`select ${runs.uuid} from ${runs} where ${runs.id} = ${versions.runId}` },
    created_at: { type: "datetime", column: versions.createdAt },
    updated_at: { type: "datetime", column: versions.updatedAt },
  },
  json: { meta: versions.metaInfo },
  sortable: {
    name: versions.name,
    stage: versions.stage,
    name_number: versions.nameNumber,
    created_at: versions.createdAt,
    updated_at: versions.updatedAt,
  },
  defaultSort: "-updated_at",
  tiebreaker: versions.id,
};
