/** Parses a JSON text column written by this store. */
export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** Splits rows into batches small enough for one multi-row insert on either dialect. */
export function chunks<T>(rows: T[], size = 200): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < rows.length; at += size) out.push(rows.slice(at, at + size));
  return out;
}
