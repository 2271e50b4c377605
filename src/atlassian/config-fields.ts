import { z } from 'zod';

/** A base URL without trailing slashes. */
export const url = z.url({ error: 'expected a URL' }).transform((value) => value.replace(/\/+$/, ''));
/** A credential: marked `writeOnly` in the JSON Schema, never echoed in an error. */
export const secret = z
  .string({ error: 'expected a string' })
  .min(1, { error: 'expected a non-empty secret' })
  .meta({ writeOnly: true });
/** A non-empty string. */
export const text = z.string({ error: 'expected a string' }).min(1, { error: 'expected a non-empty string' });
/** A true/false flag with a default. */
export const flag = (fallback: boolean) => z.boolean({ error: 'expected true or false' }).default(fallback);

/** A whole number between `min` and `max`, `fallback` when absent. */
export const count = (min: number, max: number, fallback: number) =>
  z
    .number({ error: 'expected a number' })
    .int({ error: 'expected a whole number' })
    .min(min, { error: `expected at least ${min}` })
    .max(max, { error: `expected at most ${max}` })
    .default(fallback);

/** Tuning every flavour takes: concurrency, error budget, retries with their timeout, plain-HTTP opt-in. */
export const tuningFields = {
  concurrency: count(1, 64, 8),
  errorBudget: count(0, 1_000_000, 10),
  retry: z
    .strictObject({
      attempts: count(0, 20, 6),
      baseDelayMs: count(0, 60_000, 200),
      maxDelayMs: count(0, 300_000, 30_000),
      timeoutMs: count(100, 600_000, 30_000),
    })
    .prefault({}),
  /** Allows plain `http://` to hosts that are not loopback (credentials then cross the network in clear). */
  allowInsecureHttp: flag(false),
};

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Adds an issue for each URL (by its key path) that is plain `http://` to a host that is not
 * loopback, unless `allowInsecureHttp` is true: credentials must not cross a network in clear.
 */
export function refuseInsecureHttp(
  config: Record<string, unknown>,
  paths: ReadonlyArray<readonly string[]>,
  addIssue: (issue: { code: 'custom'; path: string[]; message: string }) => void,
): void {
  if (config.allowInsecureHttp === true) return;
  for (const path of paths) {
    const value = path.reduce<unknown>(
      (at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined),
      config,
    );
    if (typeof value !== 'string' || !URL.canParse(value)) continue;
    const { protocol, hostname } = new URL(value);
    if (protocol !== 'http:' || LOOPBACK.test(hostname)) continue;
    addIssue({
      code: 'custom',
      path: [...path],
      message: `plain http:// to ${hostname}, which is not loopback, is refused; use https:// or set allowInsecureHttp: true`,
    });
  }
}
