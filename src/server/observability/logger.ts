import { type Logger, pino } from 'pino';

/**
 * Paths pino blanks in every log line: credentials in headers, cookies, and any field named like a
 * secret. Logged request objects carry only method, url and ids (see the serializers below).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.apiToken',
  '*.apiKey',
  '*.sessionSecret',
  '*.secret',
  'password',
  'token',
  'apiToken',
  'apiKey',
];

/** The structured logger of `start` and `worker`: JSON lines, secrets redacted. */
export function createLogger(options: { level: string; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: { method?: string; url?: string; id?: string }) => ({
          method: req.method,
          url: req.url?.split('?')[0],
          id: req.id,
        }),
      },
    },
    options.destination ?? process.stdout,
  );
}
