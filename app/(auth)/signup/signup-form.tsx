"use client";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { initialFormState, type FormState } from "@/lib/forms";
import { signUpAction } from "./actions";

export function SignUpForm() {
  const router = useRouter();
  const [state, dispatch, pending] = useActionState(async (prev: FormState, fd: FormData): Promise<FormState> => {
    const result = await signUpAction(prev, fd);
    if (!result.ok) return result;
    const res = await signIn("credentials", {
      login: String(fd.get("username") ?? ""),
      password: String(fd.get("password") ?? ""),
      redirect: false,
    });
    if (!res?.ok || res.error) return { ok: false, message: "Your account was created. Sign in to continue." };
    router.replace(
      `/${String(fd.get("username") ?? "")
        .trim()
        .toLowerCase()}?welcome=1`,
    );
    router.refresh();
    return result;
  }, initialFormState);
  const v = state.values ?? {};
  const fe = state.fieldErrors ?? {};
  const general = state.message && !Object.keys(fe).length ? state.message : null;

  return (
    <form action={dispatch} noValidate className="space-y-4">
      {general ? <Alert>{general}</Alert> : null}
      <Field label="Username" name="username" errors={fe.username} hint="2–39 letters, digits or hyphens. Your models live under this name.">
        {(p) => <Input {...p} defaultValue={v.username} autoComplete="username" autoFocus required />}
      </Field>
      <Field label="Full name" name="name" errors={fe.name}>
        {(p) => <Input {...p} defaultValue={v.name} autoComplete="name" />}
      </Field>
      <Field label="Email" name="email" errors={fe.email}>
        {(p) => <Input {...p} type="email" defaultValue={v.email} autoComplete="email" required />}
      </Field>
      <Field label="Password" name="password" errors={fe.password} hint="At least 10 characters.">
        {(p) => <Input {...p} type="password" autoComplete="new-password" required />}
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
