"use client";
// The signing secret, shown once after create or rotate, with how receivers verify it.
export function SecretOnce({ secret }: { secret: string }) {
  return (
    <div role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950/60">
      <p className="text-sm font-medium text-emerald-900 dark:text-emerald-100">Copy the signing secret now: it will not be shown again.</p>
      <input
        aria-label="Signing secret"
        data-testid="webhook-secret"
        readOnly
        value={secret}
        onFocus={(e) => e.currentTarget.select()}
        className="mt-3 h-9 w-full rounded-md border border-emerald-300 bg-white px-3 font-mono text-sm text-zinc-900 dark:border-emerald-800 dark:bg-zinc-900 dark:text-zinc-100"
      />
      <p className="mt-2 text-xs text-emerald-900 dark:text-emerald-100">
        Each delivery carries <code>X-Modelreg-Signature-256: sha256=HMAC-SHA256(secret, &quot;&lt;X-Modelreg-Timestamp&gt;.&lt;raw body&gt;&quot;)</code>.
      </p>
    </div>
  );
}
