import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONES: Record<string, BadgeTone> = {
  owner: "violet",
  manager: "blue",
  admin: "green",
  member: "neutral",
  viewer: "slate",
};

export function RoleBadge({ role }: { role: string }) {
  return <Badge tone={TONES[role] ?? "neutral"}>{role}</Badge>;
}

/** What each organization role may do, for the pickers (DESIGN §4). */
export const ORG_ROLE_HINTS: Record<string, string> = {
  viewer: "reads the organization's private models",
  member: "also registers versions and logs runs",
  admin: "also creates models and administers them",
  manager: "also manages members and teams; admin on every model",
  owner: "everything, including owners and deleting the organization",
};

export const TEAM_ROLE_HINTS: Record<string, string> = {
  viewer: "reads the models restricted to this team",
  member: "also registers versions and logs runs on them",
  admin: "administers them",
};
