import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { AuthCard } from "../auth-card";
import { SignUpForm } from "./signup-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  if ((await currentActor()).kind === "user") redirect("/");
  return (
    <AuthCard
      title="Create your account"
      subtitle="You get a personal namespace for your models; join your team's organization next."
      footer={
        <>
          Already have an account?{" "}
          <Link href="/login" className="font-medium text-accent-600 dark:text-accent-300 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm />
    </AuthCard>
  );
}
