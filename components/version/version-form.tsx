"use client";
// The register and edit forms of a version: what the user typed survives a failed submit, errors sit by their field.
import { useActionState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { initialFormState, type FormState } from "@/lib/forms";

type Props = {
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  mode: "register" | "edit";
  defaults?: Record<string, string>;
  cancelHref: string;
  /** The name an empty name field will get, shown as its placeholder. */
  nextName?: string;
  /**
   * What may be edited (a version in a protected stage: lib/registry/version-lock.ts): everything, only the
   * documentation (description, tags, readme; an admin), or nothing (a member: the form is shown read-only).
   */
  editable?: "all" | "documentation" | "none";
  /** The one-line explanation shown when not everything is editable. */
  notice?: string;
};

function Section({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  return (
    <section className="grid gap-x-8 gap-y-4 border-t border-zinc-200 py-6 first:border-t-0 first:pt-0 md:grid-cols-[14rem_1fr] dark:border-zinc-800">
      <div>
        <h2 className="text-sm font-semibold">{title}</h2>
        <p className="mt-1 text-xs leading-5 text-zinc-500 dark:text-zinc-400">{hint}</p>
      </div>
      <div className="min-w-0 space-y-4">{children}</div>
    </section>
  );
}

const FIELDS = [
  "name",
  "description",
  "tags",
  "framework",
  "metrics",
  "params",
  "signature",
  "meta_other",
  "meta_info",
  "run",
  "artifacts",
  "connection",
  "readme",
  "content",
];

export function VersionForm({ action, mode, defaults = {}, cancelHref, nextName, editable = "all", notice }: Props) {
  const [state, dispatch, pending] = useActionState(action, initialFormState);
  const v = state.values ?? defaults;
  const fe = state.fieldErrors ?? {};
  const err = (...keys: string[]) =>
    keys.flatMap((k) =>
      Object.entries(fe)
        .filter(([f]) => f === k || f.startsWith(`${k}.`))
        .flatMap(([, e]) => e),
    );
  // The message on top only when no field below shows it.
  const shownByField = Object.keys(fe).some((f) => FIELDS.some((k) => f === k || f.startsWith(`${k}.`)));
  const mono = "font-mono text-[13px]";
  // Contents of a protected version are shown but not sent: the action sends the documentation only.
  const frozen = editable !== "all";
  return (
    <form action={dispatch} noValidate aria-label={mode === "register" ? "Register a version" : "Edit version"}>
      {state.message && !state.ok && !shownByField ? (
        <div className="mb-5">
          <Alert>{state.message}</Alert>
        </div>
      ) : null}
      {notice ? (
        <div className="mb-5">
          <Alert tone="info">{notice}</Alert>
        </div>
      ) : null}
      <fieldset disabled={editable === "none"} className="min-w-0">
        <Section title="Version" hint="The name is unique in this model. Leave it empty to get the next v{n}.">
          <Field label="Name" name="name" errors={err("name")} hint={mode === "register" ? "Letters, digits, '.', '_' and '-'; at most 128." : undefined}>
            {(p) => (
              <Input
                {...p}
                disabled={frozen}
                defaultValue={v.name}
                placeholder={mode === "register" ? (nextName ?? "v1") : undefined}
                autoComplete="off"
                className={mono}
              />
            )}
          </Field>
          <Field label="Description" name="description" errors={err("description")}>
            {(p) => <Input {...p} defaultValue={v.description} placeholder="What changed in this version" />}
          </Field>
          <Field label="Tags" name="tags" errors={err("tags")} hint="Comma separated, e.g. xgboost, calibrated">
            {(p) => <Input {...p} defaultValue={v.tags} />}
          </Field>
        </Section>
        <Section title="Metadata" hint="Stored in meta_info. Metrics appear as columns in the versions table and can be queried: meta.metrics.auc:>=0.97.">
          <Field label="Framework" name="framework" errors={err("framework")}>
            {(p) => <Input {...p} disabled={frozen} defaultValue={v.framework} placeholder="xgboost, pytorch, sklearn …" className="max-w-xs" />}
          </Field>
          <div className="grid gap-4 lg:grid-cols-2">
            <Field label="Metrics" name="metrics" errors={err("metrics", "meta_info")} hint="One 'key = value' per line, or a JSON object; values are numbers.">
              {(p) => (
                <Textarea
                  {...p}
                  disabled={frozen}
                  rows={5}
                  defaultValue={v.metrics}
                  placeholder={"accuracy = 0.93\nauc = 0.975\nlatency_ms = 12"}
                  className={mono}
                />
              )}
            </Field>
            <Field label="Params" name="params" errors={err("params")} hint="Hyper-parameters, the same way; text is fine here.">
              {(p) => <Textarea {...p} disabled={frozen} rows={5} defaultValue={v.params} placeholder={"max_depth = 8\neta = 0.1"} className={mono} />}
            </Field>
          </div>
          <Field label="Signature" name="signature" errors={err("signature")} hint="Inputs and outputs: JSON or plain text.">
            {(p) => (
              <Textarea
                {...p}
                disabled={frozen}
                rows={2}
                defaultValue={v.signature}
                placeholder='{"inputs": "212 float features", "outputs": "probability"}'
                className={mono}
              />
            )}
          </Field>
          <Field label="Other meta_info (JSON)" name="meta_other" errors={err("meta_other")}>
            {(p) => <Textarea {...p} disabled={frozen} rows={2} defaultValue={v.meta_other} placeholder="{}" className={mono} />}
          </Field>
        </Section>
        <Section title="Lineage" hint="The run that produced this version and the artifacts it keeps.">
          {mode === "register" ? (
            <Field
              label="Run"
              name="run"
              errors={err("run")}
              hint="A run uuid of this organization links the run; another uuid or a URL is kept as an external reference."
            >
              {(p) => <Input {...p} defaultValue={v.run} placeholder="run uuid or https://…" className={mono} />}
            </Field>
          ) : null}
          <Field label="Artifacts" name="artifacts" errors={err("artifacts")} hint="Comma separated names, e.g. model.json, metrics.csv">
            {(p) => <Input {...p} disabled={frozen} defaultValue={v.artifacts} className={mono} />}
          </Field>
          <Field label="Connection" name="connection" errors={err("connection")} hint="Where the files live outside Modelreg (a connection name), if anywhere.">
            {(p) => <Input {...p} disabled={frozen} defaultValue={v.connection} className={`max-w-sm ${mono}`} />}
          </Field>
        </Section>
        <Section title="Documentation" hint="The readme renders as markdown on the version page; content is the model's spec as JSON or YAML text.">
          <Field label="Readme (markdown)" name="readme" errors={err("readme")}>
            {(p) => <Textarea {...p} rows={6} defaultValue={v.readme} />}
          </Field>
          <Field label="Content (JSON or YAML)" name="content" errors={err("content")}>
            {(p) => <Textarea {...p} disabled={frozen} rows={5} defaultValue={v.content} className={mono} />}
          </Field>
        </Section>
      </fieldset>
      <div className="flex justify-end gap-2 border-t border-zinc-200 pt-5 dark:border-zinc-800">
        <ButtonLink href={cancelHref} variant="secondary">
          Cancel
        </ButtonLink>
        {editable === "none" ? null : (
          <Button type="submit" disabled={pending}>
            {pending ? (mode === "register" ? "Registering…" : "Saving…") : mode === "register" ? "Register version" : "Save changes"}
          </Button>
        )}
      </div>
    </form>
  );
}
