// Your account: profile and password. Tokens have their own page; the username cannot change here (it is
// the name of your personal organization and part of its models' addresses).
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { registryDb } from "@/lib/registry/request";
import { currentActor } from "@/lib/auth/session";
import { getUserById } from "@/lib/registry/users";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { changePasswordAction, updateProfileAction } from "./actions";
import { PasswordForm, ProfileForm } from "./account-forms";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const actor = await currentActor();
  if (actor.kind !== "user") redirect("/login?callbackUrl=/settings/account");
  const user = await getUserById(await registryDb(), actor.userId);
  if (!user) redirect("/login?callbackUrl=/settings/account");
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="Account"
        description={
          <>
            Signed in as <strong className="font-mono">{user.username}</strong>. Access tokens for the CLI and scripts are on the{" "}
            <Link href="/settings/tokens" className="text-accent-600 dark:text-accent-300 hover:underline">
              Access tokens
            </Link>{" "}
            page.
          </>
        }
      />
      <div className="space-y-8">
        <Card>
          <CardHeader>
            <CardTitle>Profile</CardTitle>
          </CardHeader>
          <CardBody>
            <ProfileForm action={updateProfileAction} name={user.name} email={user.email} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Password</CardTitle>
          </CardHeader>
          <CardBody>
            <PasswordForm action={changePasswordAction} />
          </CardBody>
        </Card>
      </div>
    </div>
  );
}
