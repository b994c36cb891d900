// Params or metrics of a run as a two-column table, with an empty state that says how to log them.
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { formatValue } from "./format";

export function KeyValues({ title, data, empty }: { title: string; data: Record<string, unknown>; empty: string }) {
  const entries = Object.entries(data).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Card>
      <CardHeader className="flex items-center justify-between">
        <CardTitle>{title}</CardTitle>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">{entries.length}</span>
      </CardHeader>
      {entries.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>
      ) : (
        <table className="w-full text-sm" aria-label={title}>
          <tbody>
            {entries.map(([k, v]) => (
              <tr key={k} className="border-t border-zinc-100 first:border-t-0 dark:border-zinc-800">
                <th scope="row" className="px-5 py-1.5 text-left font-normal text-zinc-600 dark:text-zinc-400">
                  {k}
                </th>
                <td className="px-5 py-1.5 text-right font-mono text-[13px] break-all tabular-nums">{formatValue(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
