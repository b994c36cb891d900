import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { safeRedirectPath } from "@/lib/auth/redirect";
import { currentActor } from "@/lib/auth/session";
import { Alert } from "@/components/ui/alert";
import { AuthCard } from "../auth-card";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string; reason?: string }> }) {
  const { callbackUrl, reason } = await searchParams;
  const next = safeRedirectPath(callbackUrl);
  if ((await currentActor()).kind === "user") redirect(next);
  return (
    <AuthCard
      title="Sign in to Modelreg"
      subtitle="Your team's models, versions and their history."
      footer={
        <>
          New here?{" "}
          <Link href="/signup" className="font-medium text-accent-600 dark:text-accent-300 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      {reason === "password-changed" ? (
        <div className="mb-4">
          <Alert tone="success">Password changed. Every browser was signed out: sign in with your new password.</Alert>
        </div>
      ) : null}
      <LoginForm next={next} />
    </AuthCard>
  );
}
