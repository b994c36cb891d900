"use client";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";

type Errors = { login?: string[]; password?: string[] };

export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<Errors>({});

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const login = String(fd.get("login") ?? "").trim();
    const password = String(fd.get("password") ?? "");
    const fieldErrors: Errors = {};
    if (!login) fieldErrors.login = ["Enter your username or email."];
    if (!password) fieldErrors.password = ["Enter your password."];
    setErrors(fieldErrors);
    setMessage(null);
    if (fieldErrors.login || fieldErrors.password) return;
    setPending(true);
    try {
      let res = await signIn("credentials", { login, password, redirect: false });
      // next-auth can answer ok without a session when two CSRF cookies raced; one retry settles it.
      if (res?.ok && res.url?.includes("csrf=true")) res = await signIn("credentials", { login, password, redirect: false });
      if (!res || res.error || !res.ok) {
        setMessage(!res || res.error === "CredentialsSignin" || !res.error ? "Incorrect username or password." : res.error);
        return;
      }
      router.replace(next);
      router.refresh();
    } catch {
      setMessage("Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    // method="post": submitted before hydration, the password goes in a request body, never in the URL.
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4">
      {message ? <Alert>{message}</Alert> : null}
      <Field label="Username or email" name="login" errors={errors.login}>
        {(p) => <Input {...p} autoComplete="username" autoFocus />}
      </Field>
      <Field label="Password" name="password" errors={errors.password}>
        {(p) => <Input {...p} type="password" autoComplete="current-password" />}
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
