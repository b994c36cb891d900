// Raw SQL in one transaction on either driver (postgres.js or PGlite), for export and import: both speak plain
// text queries with $n parameters, and both run a transaction on one connection.
import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";

export type Row = Record<string, unknown>;

export interface Tx {
  query<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface RawDb {
  readonly kind: "postgres" | "pglite";
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

/** Wraps the driver client that openDatabase() returns as `client`. */
export function rawDb(client: unknown): RawDb {
  if (client && typeof (client as Sql).begin === "function" && typeof (client as Sql).unsafe === "function") {
    const sql = client as Sql;
    return {
      kind: "postgres",
      transaction: async <T>(fn: (tx: Tx) => Promise<T>) =>
        (await sql.begin((t) =>
          fn({
            query: async <R extends Row>(text: string, params: unknown[] = []) => (await t.unsafe(text, params as never[])) as unknown as R[],
          }),
        )) as T,
    };
  }
  const pg = client as PGlite;
  if (!pg || typeof pg.transaction !== "function") throw new Error("Not a postgres.js or PGlite client");
  return {
    kind: "pglite",
    transaction: <T>(fn: (tx: Tx) => Promise<T>) =>
      pg.transaction((t) =>
        fn({
          query: async <R extends Row>(text: string, params: unknown[] = []) => (await t.query<R>(text, params)).rows,
        }),
      ),
  };
}

/** A double-quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
