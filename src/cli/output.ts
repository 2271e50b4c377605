/** Exit codes every command uses; `docs/configuration.md` lists them for scripts. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  invalidConfig: 3,
  unreachable: 4,
  refused: 5,
} as const;

/** An error a command reports as one line on stderr (or JSON with --json) and an exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number,
    readonly code = 'cli.failed',
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Prints the result: JSON (one document) for scripts, else the human text. */
export function emit(json: boolean, data: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
}

/** Lays rows out as aligned text columns with a header. */
export function table(headers: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const cells = [
    headers,
    ...rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell)))),
  ];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells
    .map((row) =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
    )
    .join('\n');
}

/** Runs a command body and turns a CliError into its message and exit code. */
export async function runCommand(json: boolean, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (json)
      process.stdout.write(
        `${JSON.stringify({ code: error.code, message: error.message, details: error.details })}\n`,
      );
    else process.stderr.write(`spacegate: ${error.message}\n`);
    process.exitCode = error.exitCode;
  }
}
