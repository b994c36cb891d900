// modelreg config show — where the CLI points and as whom (the token itself is never printed).
import type { Command } from "commander";
import { configPath, connection, maskToken } from "../lib/config";
import { emit, printDetails } from "../lib/output";

export function registerConfigCommands(program: Command): void {
  const config = program.command("config").description("show the CLI's configuration");
  config
    .command("show")
    .description("print the host, user and config file")
    .action((_opts: unknown, cmd: Command) => {
      const conn = connection();
      const value = {
        host: conn.host,
        username: conn.username ?? null,
        token: maskToken(conn.token),
        config_file: configPath(),
        from_env: Boolean(process.env.MODELREG_HOST || process.env.MODELREG_TOKEN),
      };
      emit(cmd, value, () =>
        printDetails([
          ["host", value.host],
          ["username", value.username ?? "(not logged in)"],
          ["token", value.token ?? "(none)"],
          ["config file", value.config_file],
          ...(value.from_env ? ([["note", "MODELREG_HOST / MODELREG_TOKEN override the file"]] as [string, string][]) : []),
        ]),
      );
    });
}
