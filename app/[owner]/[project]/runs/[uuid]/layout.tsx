// A run's page: decides the 404 (or the redirect to the run's own model) before loading.tsx's
// skeleton starts streaming the response.
import type { ReactNode } from "react";
import { loadRunPage } from "./load-run";

type Props = { children: ReactNode; params: Promise<{ owner: string; project: string; uuid: string }> };

export default async function RunLayout({ children, params }: Props) {
  const { owner, project, uuid } = await params;
  await loadRunPage(owner, project, uuid);
  return children;
}
