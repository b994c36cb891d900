// `npm run export -- --out DIR` and `npm run import -- DIR` (package.json): one entry point, errors as one line.
import { exportInstall } from "./export";
import { openInstall } from "./env";
import { importInstall } from "./import";
import { OpsError } from "./snapshot";
import { formatBytes } from "@/lib/storage/format";

const USAGE = "usage: npm run export -- --out DIR   |   npm run import -- DIR";

function outArg(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out" || argv[i] === "-o") return argv[i + 1];
    if (argv[i].startsWith("--out=")) return argv[i].slice("--out=".length);
  }
  return undefined;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const log = (line: string) => console.log(line);
  if (command === "export") {
    const out = outArg(rest);
    if (!out) throw new OpsError(`export needs --out DIR (${USAGE})`);
    const started = Date.now();
    const install = await openInstall("export");
    try {
      log(`Exporting ${install.where} and the store ${install.store.url} into ${out}`);
      const m = await exportInstall({
        out,
        db: install.db,
        store: install.store,
        source: { database: install.embedded ? "embedded" : "postgresql", store: install.store.url },
        log,
      });
      const s = (Date.now() - started) / 1000;
      log(
        `Exported ${Object.keys(m.tables).length} tables (${m.totals.rows} rows) and ${m.totals.blobs} blobs (${formatBytes(m.totals.blob_bytes)}) at migration ${m.migration.tag} in ${s.toFixed(1)} s.`,
      );
    } finally {
      await install.close();
    }
    return;
  }
  if (command === "import") {
    const dir = rest.find((a) => !a.startsWith("-"));
    if (!dir) throw new OpsError(`import needs the export's directory (${USAGE})`);
    const started = Date.now();
    const install = await openInstall("import");
    try {
      log(`Importing ${dir} into ${install.where} and the store ${install.store.url}`);
      const r = await importInstall({ dir, db: install.db, store: install.store, log });
      log(
        `Imported ${r.tables} tables (${r.rows} rows, every count as in the manifest) and ${r.blobs} blobs (${formatBytes(r.blobBytes)}, every sha256 verified) at migration ${r.migration} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
    } finally {
      await install.close();
    }
    return;
  }
  throw new OpsError(USAGE);
}

try {
  await main(process.argv.slice(2));
  process.exit(0);
} catch (err) {
  const name = process.argv[2] === "import" ? "import" : "export";
  if (err instanceof OpsError) console.error(`${name}: ${err.message}`);
  else if (process.env.MODELREG_DEBUG) console.error(err);
  else console.error(`${name} failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)} (MODELREG_DEBUG=1 for details)`);
  process.exit(1);
}
