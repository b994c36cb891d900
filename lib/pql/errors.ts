// The parser's own error: where in the query it went wrong and what it wanted there.
export class PqlError extends Error {
  readonly position: number;
  readonly expected: string;
  constructor(message: string, position: number, expected: string) {
    super(message);
    this.name = "PqlError";
    this.position = position;
    this.expected = expected;
  }
}
