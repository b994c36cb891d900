// The modelreg command line: a thin client of the REST API (DESIGN §7).
// Adding an area's verbs: write cli/commands/<area>.ts exporting `register<Area>Commands(program)`,
// share cli/lib/{client,config,output}.ts, and add it to COMMANDS below (one import, one entry).
// The CLI never imports server modules (lib/registry, db): it speaks HTTP only.
import { Command, CommanderError } from "commander";
import { registerAuthCommands } from "./commands/auth";
import { registerConfigCommands } from "./commands/config";
import { registerFilesCommands } from "./commands/files";
import { registerModelsCommands } from "./commands/models";
import { registerProjectCommands } from "./commands/project";
import { registerRunsCommands } from "./commands/runs";
import { registerWebhooksCommands } from "./commands/webhooks";
import { errorLine } from "./lib/errors";

export const COMMANDS: ((program: Command) => void)[] = [
  registerAuthCommands,
  registerConfigCommands,
  registerRunsCommands,
  registerProjectCommands,
  registerModelsCommands,
  registerFilesCommands,
  registerWebhooksCommands,
];

export function buildProgram(): Command {
  const program = new Command("modelreg")
    .description("Modelreg, the model registry, from the command line")
    .version("0.1.0", "-V, --version")
    .option("--json", "print JSON for scripts instead of tables")
    // Throw instead of exiting, so run() decides the exit code and prints failures as one line.
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`modelreg: ${str.replace(/^error: /, "error: ").trimEnd()}\n`) });
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI on `argv` (process.argv shape); resolves to the exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    // Commander has already printed its own usage errors (and help/version, which exit 0).
    if (err instanceof CommanderError) return err.exitCode;
    process.stderr.write(`modelreg: error: ${errorLine(err)}\n`);
    return 1;
  }
}
