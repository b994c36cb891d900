// next-auth 4 configuration: credentials (username or email + password), JWT sessions.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db";
import { InvalidError, RateLimitedError, UnauthorizedError } from "@/lib/registry/errors";
import { verifyCredentials } from "@/lib/registry/users";
import { endSession, startSession } from "@/lib/registry/sessions";
import { clientIp } from "./ip";
import { safeAuthRedirect } from "./redirect";
import { sessionSecret } from "./secret";

const MAX_AGE = 30 * 24 * 3600;

export function authOptions(): NextAuthOptions {
  return {
    secret: sessionSecret(),
    session: { strategy: "jwt", maxAge: MAX_AGE },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Modelreg",
        credentials: { login: { label: "Username or email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const db = await getDb();
          try {
            const user = await verifyCredentials(db, {
              login: credentials?.login ?? "",
              password: credentials?.password ?? "",
              ip: clientIp(req?.headers as Record<string, string> | undefined),
            });
            return { id: String(user.id), name: user.username, email: user.email };
          } catch (err) {
            // next-auth hands a thrown message to the client as `error`; null means "wrong credentials".
            if (err instanceof RateLimitedError || err instanceof InvalidError) throw new Error(err.message);
            if (err instanceof UnauthorizedError) return null;
            throw err;
          }
        },
      }),
    ],
    events: {
      // Server-side sign-out: the copied cookie stops working too.
      async signOut({ token }) {
        if (typeof token?.sid === "string") await endSession(await getDb(), token.sid);
      },
    },
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          // A new sign-in: a session row of its own, which sign-out and a password change delete.
          token.uid = Number(user.id);
          token.username = user.name ?? "";
          token.signedInAt = Date.now();
          token.sid = await startSession(await getDb(), Number(user.id), MAX_AGE);
        }
        return token;
      },
      redirect({ url, baseUrl }) {
        return safeAuthRedirect(url, baseUrl);
      },
      session({ session, token }) {
        session.user = { id: Number(token.uid), username: String(token.username ?? ""), email: token.email ?? "", signedInAt: Number(token.signedInAt ?? 0) };
        return session;
      },
    },
  };
}
