// List parameters from a page's search params (the same rules as the API's limit/offset).
export function listParams(sp: Record<string, string | string[] | undefined>, defaultLimit = 25) {
  const one = (k: string) => (Array.isArray(sp[k]) ? sp[k]![0] : (sp[k] as string | undefined)) ?? "";
  const offset = Math.max(0, Math.min(10_000_000, Number.parseInt(one("offset"), 10) || 0));
  return { query: one("query"), sort: one("sort"), offset, limit: defaultLimit, one };
}
