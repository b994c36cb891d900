// The organization's home page only (a route group, so the model pages under /[owner] are not
// concerned): decides the 404 before loading.tsx's skeleton starts streaming the response.
import type { ReactNode } from "react";
import { loadOrgHome } from "./load-org";

export const dynamic = "force-dynamic";

export default async function OrgHomeLayout({ children, params }: { children: ReactNode; params: Promise<{ owner: string }> }) {
  await loadOrgHome((await params).owner);
  return children;
}
