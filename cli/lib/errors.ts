// A failure the user should read: printed as one line on stderr, with a non-zero exit code.
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** One line for any thrown value: our errors as they are, anything else with its cause. */
export function errorLine(err: unknown): string {
  if (err instanceof CliError) return err.message;
  if (err instanceof Error) return err.message.split("\n")[0] || err.name;
  return String(err);
}
