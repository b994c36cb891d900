// Members: a personal organization has none, so its members page is a 404 — decided here, before
// loading.tsx's skeleton starts streaming the response.
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { loadOrgPage } from "../load";

export default async function MembersLayout({ children, params }: { children: ReactNode; params: Promise<{ owner: string }> }) {
  const { org } = await loadOrgPage((await params).owner);
  if (org.personal) notFound();
  return children;
}
