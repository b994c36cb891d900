// The wire shapes of organizations, members, teams and their activity: the zod schemas in the OpenAPI
// document, the request bodies the routes validate with (built from the registry's own rules), and
// the functions that produce each answer — typed by those schemas, so document and answers agree.
import { z } from "zod";
import { ORG_ROLES, PROJECT_ROLES } from "@/lib/authz";
import type { OrgSummary, OrgView } from "@/lib/registry/orgs";
import { createOrgSchema, updateOrgSchema } from "@/lib/registry/orgs";
import type { Member } from "@/lib/registry/members";
import { addMemberSchema, changeRoleSchema } from "@/lib/registry/members";
import type { TeamDetail, TeamMember, TeamSummary } from "@/lib/registry/teams";
import { createTeamSchema, teamRoleSchema, updateTeamSchema } from "@/lib/registry/teams";
import type { OrgActivityRow } from "@/lib/registry/org-activity";
import { envelopeSchema, errorResponses, isoDateTime, json, jsonBody, pageQuerySchema, registerRoute, type OpenAPIRegistry, type Wire } from "./builder";
import { registerResourceRoutes } from "./resource";

const orgRole = z.enum(ORG_ROLES);
const teamRole = z.enum(PROJECT_ROLES);

export const OrganizationSchema = z
  .object({
    name: z.string().describe("The OWNER in OWNER/PROJECT"),
    display_name: z.string(),
    description: z.string(),
    personal: z.boolean().describe("A user's own namespace, made at sign-up"),
    created_at: isoDateTime,
    role: orgRole.nullable().describe("The caller's role; null for outsiders and signed-out callers"),
  })
  .meta({ id: "Organization" });
export const OrganizationListItemSchema = OrganizationSchema.extend({ projects_count: z.number().int() }).meta({
  id: "OrganizationListItem",
});
export const MemberSchema = z
  .object({
    username: z.string(),
    name: z.string(),
    email: z.string().nullable().describe("Shown to those who manage members, else null"),
    role: orgRole,
    created_at: isoDateTime.describe("When they joined"),
  })
  .meta({ id: "Member" });
export const TeamSchema = z
  .object({ name: z.string(), description: z.string(), created_at: isoDateTime, members_count: z.number().int() })
  .meta({ id: "Team" });
export const TeamMemberSchema = z.object({ username: z.string(), name: z.string(), role: teamRole, created_at: isoDateTime }).meta({ id: "TeamMember" });
export const TeamDetailSchema = TeamSchema.extend({ members: z.array(TeamMemberSchema) }).meta({ id: "TeamDetail" });
export const ActivitySchema = z
  .object({
    id: z.number().int(),
    actor: z.string().nullable().describe("Username; null when the account is gone"),
    verb: z.string().describe("e.g. member.added, team.created, project.created"),
    target: z.string(),
    project: z.string().nullable().describe("The model the change was about, if any"),
    details: z.record(z.string(), z.unknown()),
    created_at: isoDateTime,
  })
  .meta({ id: "Activity" });

// Request bodies: snake_case on the wire, the registry's rules for each field.
export const CreateOrgBody = z
  .object({
    name: createOrgSchema.shape.name,
    display_name: createOrgSchema.shape.displayName,
    description: createOrgSchema.shape.description,
  })
  .meta({ id: "CreateOrganization" });
export const UpdateOrgBody = z
  .object({
    name: updateOrgSchema.shape.name.describe("Rename (owners only; not for personal organizations)"),
    display_name: updateOrgSchema.shape.displayName,
    description: updateOrgSchema.shape.description,
  })
  .meta({ id: "UpdateOrganization" });
export const AddMemberBody = addMemberSchema.meta({ id: "AddMember" });
export const ChangeRoleBody = changeRoleSchema.meta({ id: "ChangeMemberRole" });
export const CreateTeamBody = createTeamSchema.meta({ id: "CreateTeam" });
export const UpdateTeamBody = updateTeamSchema.meta({ id: "UpdateTeam" });
export const TeamRoleBody = teamRoleSchema.meta({ id: "TeamRole" });

const isoOf = (d: Date) => d.toISOString();

export function orgWire(o: Omit<OrgView, "id">): Wire<typeof OrganizationSchema> {
  return {
    name: o.name,
    display_name: o.displayName,
    description: o.description,
    personal: o.personal,
    created_at: isoOf(o.createdAt),
    role: o.viewerRole,
  };
}

export function orgListItemWire(o: OrgSummary): Wire<typeof OrganizationListItemSchema> {
  return { ...orgWire({ ...o, viewerRole: o.role }), projects_count: Number(o.projectCount) };
}

export const memberWire = (m: Member): Wire<typeof MemberSchema> => ({
  username: m.username,
  name: m.name,
  email: m.email,
  role: m.role,
  created_at: isoOf(m.createdAt),
});

export const teamWire = (t: TeamSummary): Wire<typeof TeamSchema> => ({
  name: t.name,
  description: t.description,
  created_at: isoOf(t.createdAt),
  members_count: Number(t.membersCount),
});

export const teamMemberWire = (m: TeamMember): Wire<typeof TeamMemberSchema> => ({
  username: m.username,
  name: m.name,
  role: m.role,
  created_at: isoOf(m.createdAt),
});

export const teamDetailWire = (t: TeamDetail): Wire<typeof TeamDetailSchema> => ({
  ...teamWire(t),
  members: t.members.map(teamMemberWire),
});

export const activityWire = (a: OrgActivityRow): Wire<typeof ActivitySchema> => ({
  id: a.id,
  actor: a.actor,
  verb: a.verb,
  target: a.target,
  project: a.project,
  details: a.details,
  created_at: isoOf(a.createdAt),
});

const org = z.object({ org: z.string().describe("Organization name") });
const orgTeam = org.extend({ team: z.string().describe("Team name") });
const orgUser = org.extend({ username: z.string() });
const orgTeamUser = orgTeam.extend({ username: z.string() });
const tags = ["Organizations"];

export function registerOrgsApi(r: OpenAPIRegistry): void {
  const list = (item: z.ZodType, id: string) => json(envelopeSchema(item, id));
  registerResourceRoutes(r, {
    tags,
    schema: OrganizationSchema,
    list: {
      path: "/api/v1/orgs",
      auth: "required",
      summary: "The caller's organizations",
      query: pageQuerySchema,
      answer: envelopeSchema(OrganizationListItemSchema, "OrganizationList"),
      errors: [400],
    },
    create: { path: "/api/v1/orgs", summary: "Create an organization (the caller becomes its owner)", body: CreateOrgBody, errors: [400, 409] },
    one: { path: "/api/v1/orgs/{org}", params: org },
    get: { summary: "An organization, with the caller's role", errors: [404] },
    update: { summary: "Update an organization (managers; renaming: owners)", body: UpdateOrgBody, errors: [400, 403, 404, 409] },
    remove: { summary: "Delete an organization and everything in it (owners)", errors: [400, 403, 404] },
  });
  registerRoute(r, {
    method: "get",
    path: "/api/v1/orgs/{org}/members",
    tags,
    auth: "required",
    summary: "Members (members of the organization may read)",
    request: { params: org, query: pageQuerySchema },
    responses: { 200: list(MemberSchema, "MemberList"), ...errorResponses(400, 403, 404) },
  });
  registerRoute(r, {
    method: "post",
    path: "/api/v1/orgs/{org}/members",
    tags,
    auth: "required",
    summary: "Add an existing user by username or email (managers; an owner only by owners)",
    request: { params: org, body: jsonBody(AddMemberBody) },
    responses: { 201: json(MemberSchema, "Added"), ...errorResponses(400, 403, 404, 409) },
  });
  registerRoute(r, {
    method: "patch",
    path: "/api/v1/orgs/{org}/members/{username}",
    tags,
    auth: "required",
    summary: "Change a member's role (the last owner cannot be demoted)",
    request: { params: orgUser, body: jsonBody(ChangeRoleBody) },
    responses: { 200: json(MemberSchema), ...errorResponses(400, 403, 404) },
  });
  registerRoute(r, {
    method: "delete",
    path: "/api/v1/orgs/{org}/members/{username}",
    tags,
    auth: "required",
    summary: "Remove a member, or leave when {username} is the caller (the last owner cannot)",
    request: { params: orgUser },
    responses: { 204: { description: "Removed" }, ...errorResponses(400, 403, 404) },
  });
  registerRoute(r, {
    method: "get",
    path: "/api/v1/orgs/{org}/teams",
    tags,
    auth: "required",
    summary: "Teams",
    request: { params: org, query: pageQuerySchema },
    responses: { 200: list(TeamSchema, "TeamList"), ...errorResponses(400, 403, 404) },
  });
  registerRoute(r, {
    method: "post",
    path: "/api/v1/orgs/{org}/teams",
    tags,
    auth: "required",
    summary: "Create a team (managers)",
    request: { params: org, body: jsonBody(CreateTeamBody) },
    responses: { 201: json(TeamSchema, "Created"), ...errorResponses(400, 403, 404, 409) },
  });
  registerRoute(r, {
    method: "get",
    path: "/api/v1/orgs/{org}/teams/{team}",
    tags,
    auth: "required",
    summary: "A team and its members",
    request: { params: orgTeam },
    responses: { 200: json(TeamDetailSchema), ...errorResponses(403, 404) },
  });
  registerRoute(r, {
    method: "patch",
    path: "/api/v1/orgs/{org}/teams/{team}",
    tags,
    auth: "required",
    summary: "Rename or describe a team (managers)",
    request: { params: orgTeam, body: jsonBody(UpdateTeamBody) },
    responses: { 200: json(TeamSchema), ...errorResponses(400, 403, 404, 409) },
  });
  registerRoute(r, {
    method: "delete",
    path: "/api/v1/orgs/{org}/teams/{team}",
    tags,
    auth: "required",
    summary: "Delete a team (managers)",
    request: { params: orgTeam },
    responses: { 204: { description: "Deleted" }, ...errorResponses(403, 404) },
  });
  registerRoute(r, {
    method: "put",
    path: "/api/v1/orgs/{org}/teams/{team}/members/{username}",
    tags,
    auth: "required",
    summary: "Add a member of the organization to the team, or change their team role (managers)",
    request: { params: orgTeamUser, body: jsonBody(TeamRoleBody) },
    responses: { 200: json(TeamMemberSchema, "Role changed"), 201: json(TeamMemberSchema, "Added"), ...errorResponses(400, 403, 404) },
  });
  registerRoute(r, {
    method: "delete",
    path: "/api/v1/orgs/{org}/teams/{team}/members/{username}",
    tags,
    auth: "required",
    summary: "Remove someone from a team (managers)",
    request: { params: orgTeamUser },
    responses: { 204: { description: "Removed" }, ...errorResponses(403, 404) },
  });
  registerRoute(r, {
    method: "get",
    path: "/api/v1/orgs/{org}/activities",
    tags,
    auth: "required",
    summary: "The organization's activity, newest first (rows about models the caller may not see are left out)",
    request: { params: org, query: pageQuerySchema },
    responses: {
      200: json(envelopeSchema(ActivitySchema, "ActivityList").extend({ count_capped: z.boolean() })),
      ...errorResponses(400, 403, 404),
    },
  });
}
