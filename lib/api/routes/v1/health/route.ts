import { getDb } from "@/db";


/** `{"status":"ok"}` once the database is open and migrated. */
export async function GET() {
  try {
    await getDb();
    return Response.json({ status: "ok" });
  } catch {
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}
