import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id: number; username: string; email: string; signedInAt: number };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: number;
    username?: string;
    /** When the user signed in (ms since the epoch); kept as the token is re-issued. */
    signedInAt?: number;
    /** The session id, checked against the `sessions` table on every request (never sent to the browser in clear). */
    sid?: string;
  }
}
