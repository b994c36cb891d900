// The body of a file preview (a server component): text and JSON as code, Markdown rendered (sanitised by
// renderMarkdown), CSV as a table, images by the browser, and a model file's header as a summary with its
// tensor table.
import { CodeBlock } from "@/components/ui/code-block";
import type { ReactNode } from "react";
import type { FilePreview } from "@/lib/registry/file-preview";
import type { TensorInfo } from "@/lib/registry/model-headers";
import type { OnnxValueInfo } from "@/lib/registry/onnx-header";
import { CardBody } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";

/** 1234567 → "1.23 M"; small counts as they are. */
export function formatCount(n: number): string {
  if (n < 10_000) return n.toLocaleString("en");
  const units: [number, string][] = [
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  const [d, u] = units.find(([d]) => n >= d)!;
  return `${(n / d).toPrecision(3)} ${u}`;
}

/** "1.23 M (1,234,567)", or the plain count when it is short. */
const paramCount = (n: number) => (n < 10_000 ? n.toLocaleString("en") : `${formatCount(n)} (${n.toLocaleString("en")})`);

function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1.5 text-sm">
      {items.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-zinc-500 dark:text-zinc-400">{k}</dt>
          <dd className="font-mono [overflow-wrap:anywhere]">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Tensors({ tensors, total, label = "Tensors" }: { tensors: TensorInfo[]; total: number; label?: string }) {
  return (
    <div className="space-y-2">
      <div className="max-h-[32rem] overflow-auto rounded-md border border-zinc-200 dark:border-zinc-800">
        <Table aria-label={label}>
          <THead>
            <TR>
              <TH scope="col">{label === "Tensors" ? "Tensor" : "Name"}</TH>
              <TH scope="col">Type</TH>
              <TH scope="col">Shape</TH>
              <TH scope="col" className="text-right">
                Parameters
              </TH>
            </TR>
          </THead>
          <TBody>
            {tensors.map((t) => (
              <TR key={t.name}>
                <TD className="font-mono text-xs [overflow-wrap:anywhere]">{t.name}</TD>
                <TD className="font-mono text-xs">{t.dtype}</TD>
                <TD className="font-mono text-xs whitespace-nowrap">[{t.shape.join(", ")}]</TD>
                <TD className="text-right tabular-nums">{t.params.toLocaleString("en")}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </div>
      {total > tensors.length ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          The first {tensors.length} of {total.toLocaleString("en")} {label.toLowerCase()}.
        </p>
      ) : null}
    </div>
  );
}

/** A shape as ONNX writes it: sizes, symbolic dims (`batch`) set apart, "?" for an unnamed unknown. */
function Shape({ shape }: { shape: (number | string)[] | null }) {
  if (!shape) return <span className="text-zinc-500 dark:text-zinc-400">unknown</span>;
  return (
    <span>
      [
      {shape.map((d, i) => (
        <span key={i}>
          {i ? ", " : ""}
          {typeof d === "string" && d !== "?" ? <span className="text-accent-700 italic dark:text-accent-300">{d}</span> : d}
        </span>
      ))}
      ]
    </span>
  );
}

function OnnxValues({ label, values }: { label: string; values: OnnxValueInfo[] }) {
  return (
    <section className="min-w-0 space-y-2">
      <h3 className="text-sm font-medium">{label}</h3>
      {values.length ? (
        <Table aria-label={label}>
          <THead>
            <TR>
              <TH scope="col">Name</TH>
              <TH scope="col">Type</TH>
              <TH scope="col">Shape</TH>
            </TR>
          </THead>
          <TBody>
            {values.map((v, i) => (
              <TR key={`${v.name}-${i}`}>
                <th scope="row" className="px-4 py-2.5 text-left align-middle font-mono text-xs font-normal [overflow-wrap:anywhere]">
                  {v.name || "—"}
                </th>
                <TD className="font-mono text-xs">{v.kind === "tensor" ? (v.elemType ?? "tensor") : v.kind}</TD>
                <TD className="font-mono text-xs whitespace-nowrap">{v.kind === "tensor" ? <Shape shape={v.shape} /> : "—"}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      ) : (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">None declared.</p>
      )}
    </section>
  );
}

function Metadata({ data }: { data: Record<string, string> }) {
  const entries = Object.entries(data);
  if (!entries.length) return null;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-medium">Metadata ({entries.length})</summary>
      <div className="mt-2">
        <Facts items={entries} />
      </div>
    </details>
  );
}

export function FilePreviewBody({ preview, src, alt }: { preview: Exclude<FilePreview, { kind: "none" }>; src: string; alt: string }) {
  switch (preview.kind) {
    case "text":
      return preview.html ? (
        <CardBody>
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: renderMarkdown sanitises (lib/markdown: sanitize-html allow-list) */}
          <div className="prose-md" dangerouslySetInnerHTML={{ __html: preview.html }} />
        </CardBody>
      ) : (
        <CodeBlock className="max-h-[40rem] overflow-auto p-4 font-mono text-[13px] leading-5">{preview.text}</CodeBlock>
      );
    case "csv":
      return (
        <div className="max-h-[40rem] overflow-auto">
          <Table aria-label="Rows">
            <THead>
              <TR>
                {preview.columns.map((c, i) => (
                  <TH key={i} scope="col">
                    {c}
                  </TH>
                ))}
              </TR>
            </THead>
            <TBody>
              {preview.rows.map((r, i) => (
                <TR key={i}>
                  {preview.columns.map((_, j) => (
                    <TD key={j} className="whitespace-nowrap">
                      {r[j] ?? ""}
                    </TD>
                  ))}
                </TR>
              ))}
            </TBody>
          </Table>
        </div>
      );
    case "image":
      return (
        <CardBody className="flex justify-center bg-[repeating-conic-gradient(#f4f4f5_0_25%,#fff_0_50%)] bg-[length:16px_16px] dark:bg-none">
          {/* biome-ignore lint/performance/noImgElement: a stored file of any size and type, served by the file route — not an asset for next/image */}
          <img src={src} alt={alt} className="max-h-[70vh] max-w-full object-contain" />
        </CardBody>
      );
    case "safetensors": {
      const h = preview.header;
      return (
        <CardBody className="space-y-4">
          <Facts
            items={[
              ["Parameters", paramCount(h.totalParams)],
              ["Tensors", h.tensorCount.toLocaleString("en")],
              [
                "Types",
                Object.entries(h.dtypes)
                  .map(([d, n]) => `${d} ${formatCount(n)}`)
                  .join(" · ") || "—",
              ],
            ]}
          />
          <Tensors tensors={h.tensors} total={h.tensorCount} />
          <Metadata data={h.metadata} />
        </CardBody>
      );
    }
    case "gguf": {
      const h = preview.header;
      return (
        <CardBody className="space-y-4">
          <Facts
            items={[
              ["Architecture", h.architecture ?? "—"],
              ...(h.name ? ([["Name", h.name]] as [string, string][]) : []),
              ["Quantization", h.quantization ?? "—"],
              ["Context length", h.contextLength?.toLocaleString("en") ?? "—"],
              ["Parameters", h.totalParams == null ? "—" : paramCount(h.totalParams)],
              ["Tensors", h.tensorCount.toLocaleString("en")],
            ]}
          />
          <Tensors tensors={h.tensors} total={h.tensorCount} />
          <Metadata data={h.metadata} />
        </CardBody>
      );
    }
    case "onnx": {
      const h = preview.header;
      const producer = [h.producerName, h.producerVersion].filter(Boolean).join(" ");
      const shownOps = h.opTypes.slice(0, 8);
      return (
        <CardBody className="space-y-5">
          <p className="text-sm">
            <span className="font-medium">{h.graphName || "Unnamed graph"}</span>
            <span className="text-zinc-600 dark:text-zinc-400">
              {" "}
              · {h.nodeCount.toLocaleString("en")} {h.nodeCount === 1 ? "node" : "nodes"} · {h.initializerCount.toLocaleString("en")}{" "}
              {h.initializerCount === 1 ? "initializer" : "initializers"} · {formatCount(h.totalParams)} parameters
            </span>
          </p>
          {h.docString ? <p className="text-sm whitespace-pre-line text-zinc-700 dark:text-zinc-300">{h.docString}</p> : null}
          <Facts
            items={[
              ["IR version", String(h.irVersion)],
              ["Producer", producer || "—"],
              ...(h.domain || h.modelVersion != null
                ? ([["Model", [h.domain, h.modelVersion != null ? `version ${h.modelVersion}` : ""].filter(Boolean).join(" · ")]] as [string, string][])
                : []),
              ["Parameters", paramCount(h.totalParams)],
              [
                "Initializers",
                `${h.initializerCount.toLocaleString("en")}${h.externalInitializers ? ` (${h.externalInitializers.toLocaleString("en")} with external data)` : ""}`,
              ],
              [
                "Operators",
                shownOps.length
                  ? `${shownOps.map(([op, n]) => `${op} ${n.toLocaleString("en")}`).join(" · ")}${h.opTypes.length > shownOps.length ? ` · ${h.opTypes.length - shownOps.length} more` : ""}`
                  : "—",
              ],
            ]}
          />
          <div className="grid gap-5 lg:grid-cols-2">
            <OnnxValues label="Inputs" values={h.inputs} />
            <OnnxValues label="Outputs" values={h.outputs} />
          </div>
          <section className="space-y-2">
            <h3 className="text-sm font-medium">Opset imports</h3>
            {h.opsets.length ? (
              <div className="max-w-md">
                <Table aria-label="Opset imports">
                  <THead>
                    <TR>
                      <TH scope="col">Domain</TH>
                      <TH scope="col" className="text-right">
                        Version
                      </TH>
                    </TR>
                  </THead>
                  <TBody>
                    {h.opsets.map((o) => (
                      <TR key={o.domain}>
                        <TD className="font-mono text-xs">{o.domain}</TD>
                        <TD className="text-right tabular-nums">{o.version}</TD>
                      </TR>
                    ))}
                  </TBody>
                </Table>
              </div>
            ) : (
              <p className="text-sm text-zinc-500 dark:text-zinc-400">None declared.</p>
            )}
          </section>
          {h.initializers.length ? (
            <details className="text-sm">
              <summary className="cursor-pointer font-medium">Initializers ({h.initializerCount.toLocaleString("en")})</summary>
              <div className="mt-2">
                <Tensors tensors={h.initializers} total={h.initializerCount} label="Initializers" />
              </div>
            </details>
          ) : null}
          <Metadata data={h.metadata} />
        </CardBody>
      );
    }
  }
}
