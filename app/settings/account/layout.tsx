import type { ReactNode } from "react";
import { requireUser } from "../require-user";

export const dynamic = "force-dynamic";

export default async function AccountLayout({ children }: { children: ReactNode }) {
  await requireUser("/settings/account");
  return children;
}
