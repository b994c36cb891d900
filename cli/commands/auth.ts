// modelreg login | logout | whoami — the account verbs (Polyaxon's flags: --host, -u/-p, -t/--token).
import os from "node:os";
import type { Command } from "commander";
import { ApiError, Client, createClient } from "../lib/client";
import { DEFAULT_HOST, connection, normalizeHost, readConfig, writeConfig } from "../lib/config";
import { CliError } from "../lib/errors";
import { emit, printDetails, say, warn } from "../lib/output";
import { ask } from "../lib/prompt";
import type { User } from "../lib/api-types";

export type WireUser = User;

/**
 * POST /auth/token. Token names are unique per user: a name given with --token-name that is taken is an
 * error; the default one ("modelreg CLI on laptop") is numbered until it is free, like a second login
 * from the same machine.
 */
async function createLoginToken(host: string, username: string, password: string, chosen: string | undefined): Promise<string> {
  const base = chosen || `modelreg CLI on ${os.hostname()}`.slice(0, 90);
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base} (${n})`;
    try {
      return (await new Client(host).post<{ token: string }>("/api/v1/auth/token", { username, password, name }, { auth: false })).token;
    } catch (err) {
      const taken = err instanceof ApiError && err.status === 409 && Boolean(err.details?.name);
      if (!taken) throw err;
      if (chosen)
        throw new CliError(
          `You already have a token named '${chosen}' on ${host}: choose another --token-name, or revoke that token on the Access tokens page.`,
        );
      if (n >= 20) throw new CliError(`Too many tokens named '${base} (n)' on ${host}: pass --token-name, or revoke old ones on the Access tokens page.`);
    }
  }
}

export function registerAuthCommands(program: Command): void {
  program
    .command("login")
    .description("log in to a Modelreg server and remember the host and a token")
    .option("--host <url>", `the server (default: the last one, else ${DEFAULT_HOST})`)
    .option("-u, --username <username>", "username or email; a token is created for this CLI")
    .option("-p, --password <password>", "password (asked for when omitted; or set MODELREG_PASSWORD)")
    .option("-t, --token <token>", "use an existing personal access token instead of a password")
    .option("--token-name <name>", "the name of the token login creates (unique among your tokens; default: modelreg CLI on <host>)")
    .action(async (opts: { host?: string; username?: string; password?: string; token?: string; tokenName?: string }, cmd: Command) => {
      const previous = readConfig();
      const host = normalizeHost(opts.host || process.env.MODELREG_HOST || previous.host || DEFAULT_HOST);
      let token = opts.token?.trim();
      let fromLogin = false;
      if (!token) {
        const username = opts.username || (await ask("Username or email: "));
        const password = opts.password ?? process.env.MODELREG_PASSWORD ?? (await ask("Password: ", { hidden: true }));
        token = await createLoginToken(host, username, password, opts.tokenName?.trim());
        fromLogin = true;
      }
      let user: WireUser;
      try {
        user = await new Client(host, token).get<WireUser>("/api/v1/users");
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) throw new CliError(`${host} refused this token (unknown, revoked or expired).`);
        throw err;
      }
      // A token this CLI made for an earlier login on the same server is not needed any more.
      if (previous.tokenFromLogin && previous.token && previous.token !== token && previous.host === host) {
        await new Client(host, previous.token).delete("/api/v1/auth/token").catch(() => undefined);
      }
      const file = writeConfig({ host, token, username: user.username, tokenFromLogin: fromLogin });
      emit(cmd, { host, username: user.username, config: file }, () => say(cmd, `Logged in to ${host} as ${user.username}. (Token saved in ${file}.)`));
    });

  program
    .command("logout")
    .description("forget the token (and revoke it on the server when `login -u` created it)")
    .action(async (_opts: unknown, cmd: Command) => {
      const cfg = readConfig();
      const host = cfg.host ? normalizeHost(cfg.host) : DEFAULT_HOST;
      if (!cfg.token) {
        emit(cmd, { host, logged_out: false }, () => say(cmd, "Not logged in."));
        return;
      }
      if (cfg.tokenFromLogin) {
        await new Client(host, cfg.token).delete("/api/v1/auth/token").catch((err) => {
          // Already revoked or expired is what we wanted; anything else is worth a word.
          if (!(err instanceof ApiError && err.status === 401)) warn(`could not revoke the token on ${host}: ${(err as Error).message}`);
        });
      }
      writeConfig({ host });
      emit(cmd, { host, logged_out: true }, () => say(cmd, `Logged out of ${host}.`));
    });

  program
    .command("whoami")
    .description("show the account the CLI is logged in as")
    .action(async (_opts: unknown, cmd: Command) => {
      const conn = connection();
      const user = await createClient({ requireLogin: true, conn }).get<WireUser>("/api/v1/users");
      emit(cmd, { ...user, host: conn.host }, () =>
        printDetails([
          ["username", user.username],
          ["name", user.name],
          ["email", user.email],
          ["organization", user.organization],
          ["host", conn.host],
        ]),
      );
    });
}
