// Asking at the terminal, with the answer hidden for passwords. Never prompts when stdin is not a TTY.
import readline from "node:readline";
import { CliError } from "./errors";

export async function ask(question: string, opts: { hidden?: boolean } = {}): Promise<string> {
  if (!process.stdin.isTTY) throw new CliError(`${question.replace(/:\s*$/, "")} is required (no terminal to ask on).`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (opts.hidden) {
    // Echo nothing while the secret is typed: readline writes through _writeToOutput.
    const r = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
    r._writeToOutput = (s: string) => {
      if (s.startsWith(question)) r.output.write(question);
      else if (s.includes("\n") || s.includes("\r")) r.output.write("\n");
    };
  }
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
  }
}
