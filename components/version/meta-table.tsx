// meta_info as readable tables: metrics and params as key/value rows, framework and signature, the rest as JSON.
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { formatValue } from "./metrics";

type Meta = Record<string, unknown>;

const isObject = (v: unknown): v is Meta => Boolean(v) && typeof v === "object" && !Array.isArray(v);

function KeyValues({ title, data }: { title: string; data: Meta }) {
  const entries = Object.entries(data);
  if (!entries.length) return null;
  return (
    <section aria-label={title}>
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{title}</h3>
      <table className="w-full text-sm">
        <tbody>
          {entries.map(([k, v]) => (
            <tr key={k} className="border-t border-zinc-100 first:border-t-0 dark:border-zinc-800">
              <th scope="row" className="py-1.5 pr-4 text-left font-normal text-zinc-600 dark:text-zinc-400">
                {k}
              </th>
              <td className="py-1.5 text-right font-mono text-[13px] break-all tabular-nums">
                {isObject(v) || Array.isArray(v) ? <code className="text-xs">{JSON.stringify(v)}</code> : formatValue(v)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Signature({ value }: { value: unknown }) {
  if (value === undefined || value === null) return null;
  return (
    <section aria-label="Signature" className="sm:col-span-2">
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Signature</h3>
      {isObject(value) ? (
        <dl className="grid grid-cols-[minmax(6rem,auto)_1fr] gap-x-4 gap-y-1 text-sm">
          {Object.entries(value).map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-zinc-600 dark:text-zinc-400">{k}</dt>
              <dd className="font-mono text-[13px] break-words">{typeof v === "string" ? v : JSON.stringify(v)}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="font-mono text-[13px]">{typeof value === "string" ? value : JSON.stringify(value)}</p>
      )}
    </section>
  );
}

export function MetaTable({ meta }: { meta: Meta }) {
  const { metrics, params, framework, signature, ...rest } = meta;
  const has = Object.keys(meta).length > 0;
  return (
    <Card>
      <CardHeader className="flex items-center justify-between gap-3">
        <CardTitle>Metadata</CardTitle>
        {typeof framework === "string" && framework ? (
          <span className="text-sm text-zinc-600 dark:text-zinc-400">
            Framework{" "}
            <span className="ml-1 rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">{framework}</span>
          </span>
        ) : null}
      </CardHeader>
      <CardBody>
        {!has ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No metadata. Metrics, params, framework and signature go in meta_info when registering.</p>
        ) : (
          <div className="grid gap-6 sm:grid-cols-2">
            {isObject(metrics) ? <KeyValues title="Metrics" data={metrics} /> : null}
            {isObject(params) ? <KeyValues title="Params" data={params} /> : null}
            <Signature value={signature} />
            {framework !== undefined && typeof framework !== "string" ? <KeyValues title="Framework" data={{ framework }} /> : null}
            {Object.keys(rest).length ? <KeyValues title="Other" data={rest} /> : null}
          </div>
        )}
      </CardBody>
    </Card>
  );
}
