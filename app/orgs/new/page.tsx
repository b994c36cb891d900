import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { CreateOrgForm } from "./create-org-form";

export const metadata: Metadata = { title: "New organization" };
export const dynamic = "force-dynamic";

export default async function NewOrganizationPage() {
  if ((await currentActor()).kind !== "user") redirect("/login?callbackUrl=/orgs/new");
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title="Create an organization"
        description="An organization holds a team's models, with members, roles and teams deciding who sees and changes what."
      />
      <Card>
        <CardBody className="py-6">
          <CreateOrgForm />
        </CardBody>
      </Card>
    </div>
  );
}
