// What export and import read from PostgreSQL's catalog: the tables of the public schema (drizzle's migration
// table lives in schema `drizzle` and is not data), their primary keys, insertable columns, foreign keys and the
// sequences behind serial and identity columns, and the last migration applied.
import fs from "node:fs";
import path from "node:path";
import { migrationsFolder } from "@/db/config";
import { ident, type Tx } from "./raw-sql";

export async function listTables(tx: Tx): Promise<string[]> {
  const rows = await tx.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by c.relname`,
  );
  return rows.map((r) => r.name);
}

/** The primary key's columns in key order; empty when the table has none. */
export async function primaryKey(tx: Tx, table: string): Promise<string[]> {
  const rows = await tx.query<{ name: string }>(
    `select a.attname as name from pg_index i
     join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
     where i.indrelid = $1::regclass and i.indisprimary
     order by array_position(i.indkey::int2[], a.attnum)`,
    [`public.${ident(table)}`],
  );
  return rows.map((r) => r.name);
}

/** `order by` for a stable, repeatable row order: the primary key, else the whole row's text. */
export async function orderBy(tx: Tx, table: string, alias: string): Promise<string> {
  const pk = await primaryKey(tx, table);
  return pk.length ? pk.map((c) => `${alias}.${ident(c)}`).join(", ") : `row_to_json(${alias})::text`;
}

export type Column = { name: string; identityAlways: boolean };

/** The columns an insert may set (not generated, not dropped), in table order. */
export async function insertableColumns(tx: Tx, table: string): Promise<Column[]> {
  const rows = await tx.query<{ name: string; identity: string }>(
    `select attname as name, attidentity as identity from pg_attribute
     where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = ''
     order by attnum`,
    [`public.${ident(table)}`],
  );
  return rows.map((r) => ({ name: r.name, identityAlways: r.identity === "a" }));
}

/** The tables in an order where every table comes after the tables its foreign keys point to. */
export async function foreignKeyOrder(tx: Tx, tables: string[]): Promise<string[]> {
  const edges = await tx.query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent from pg_constraint k
     join pg_class c on c.oid = k.conrelid join pg_namespace cn on cn.oid = c.relnamespace
     join pg_class p on p.oid = k.confrelid join pg_namespace pn on pn.oid = p.relnamespace
     where k.contype = 'f' and cn.nspname = 'public' and pn.nspname = 'public' and c.oid <> p.oid`,
  );
  return topologicalOrder(tables, edges);
}

export function topologicalOrder(tables: string[], edges: { child: string; parent: string }[]): string[] {
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges) if (parents.has(e.child) && parents.has(e.parent)) parents.get(e.child)?.add(e.parent);
  const out: string[] = [];
  const done = new Set<string>();
  while (out.length < tables.length) {
    // Alphabetical among the ready ones: the same order on every run.
    const ready = [...tables].sort().filter((t) => !done.has(t) && [...(parents.get(t) ?? [])].every((p) => done.has(p)));
    if (!ready.length) throw new Error(`Foreign keys form a cycle among: ${tables.filter((t) => !done.has(t)).join(", ")}`);
    for (const t of ready) {
      done.add(t);
      out.push(t);
    }
  }
  return out;
}

export type OwnedSequence = { sequence: string; table: string; column: string };

/** Every sequence owned by a column of a public table (serial: dependency 'a', identity: 'i'). */
export async function ownedSequences(tx: Tx): Promise<OwnedSequence[]> {
  return tx.query<OwnedSequence>(
    `select s.relname as sequence, t.relname as table, a.attname as column
     from pg_class s
     join pg_namespace sn on sn.oid = s.relnamespace
     join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
     join pg_class t on t.oid = d.refobjid
     join pg_namespace tn on tn.oid = t.relnamespace
     join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
     where s.relkind = 'S' and sn.nspname = 'public' and tn.nspname = 'public'
     order by s.relname`,
  );
}

export type Migration = { tag: string; hash: string; createdAt: string };

/** The last migration applied to this database (drizzle's journal), or null when none is. */
export async function lastMigration(tx: Tx): Promise<Migration | null> {
  const exists = await tx.query<{ ok: boolean }>(`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`);
  if (!exists[0]?.ok) return null;
  const rows = await tx.query<{ hash: string; created_at: string }>(
    `select hash, created_at::text as created_at from drizzle.__drizzle_migrations order by created_at desc, id desc limit 1`,
  );
  if (!rows.length) return null;
  return { tag: migrationTag(rows[0].created_at), hash: rows[0].hash, createdAt: rows[0].created_at };
}

/** The journal's tag (`0010_mlflow_tags`) of the migration stamped `when`; `unknown` for one this code lacks. */
function migrationTag(when: string): string {
  try {
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(), "meta", "_journal.json"), "utf8")) as {
      entries: { when: number; tag: string }[];
    };
    return journal.entries.find((e) => String(e.when) === when)?.tag ?? "unknown";
  } catch {
    return "unknown";
  }
}
