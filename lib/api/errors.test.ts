import { describe, expect, it } from "vitest";
import { errorResponse } from "./errors";

// What drizzle throws when PostgreSQL rolls a transaction back: its own error, the driver's as the cause.
const driverError = (code: string) =>
  Object.assign(new Error('Failed query: delete from "organizations" where …'), { cause: Object.assign(new Error("deadlock detected"), { code }) });

describe("errorResponse", () => {
  it.each(["40P01", "40001", "55P03"])("answers a write that lost a lock race (%s) with a retryable 409, no SQL", async (code) => {
    const res = errorResponse(driverError(code));
    expect(res.status).toBe(409);
    const text = await res.text();
    expect(text).toMatch(/try again/);
    expect(text).not.toMatch(/organizations|deadlock/);
  });
  it("answers a write whose referenced row was deleted meanwhile (23503) with a 409 saying nothing changed, no SQL", async () => {
    const res = errorResponse(driverError("23503"));
    expect(res.status).toBe(409);
    const text = await res.text();
    expect(text).toMatch(/removed by a concurrent change; nothing was changed/);
    expect(text).not.toMatch(/organizations|deadlock|foreign/);
  });
  it("keeps any other driver error a 500 with no detail", async () => {
    const res = errorResponse(driverError("XX000"));
    expect(res.status).toBe(500);
    expect(await res.text()).not.toMatch(/organizations/);
  });
});
