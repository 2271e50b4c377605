import { SMTPServer } from 'smtp-server';

/** One mail as the test SMTP server received it. */
export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}

/** Undoes quoted-printable soft breaks and escapes, enough to read a plain-text notification; lines end in `\n`. */
function decodeBody(raw: string): string {
  const at = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, at);
  const body = raw.slice(at + 4);
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(headers)) return body.replace(/\r\n/g, '\n');
  return body
    .replace(/=\r?\n/g, '')
    .replace(/\r\n/g, '\n')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), as a subject with quotes or non-ASCII text comes. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, text: string) => {
      if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      const bytes = text
        .replace(/_/g, ' ')
        .replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    });
}

/**
 * A real SMTP server (nodemailer's smtp-server) on a fixed loopback port that can be stopped and
 * started again, so a test can take the mail server down and bring it back at the same address.
 */
export function createSmtpSink(port: number) {
  const received: ReceivedMail[] = [];
  let server: SMTPServer | undefined;
  return {
    received,
    async start(): Promise<void> {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            // Headers are unfolded (RFC 5322 §2.2.3) before they are read.
            const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
            const header = (name: string) =>
              decodeWords(new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '');
            received.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: header('Subject'),
              messageId: header('Message-ID'),
              text: decodeBody(raw),
            });
            callback();
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        server?.once('error', reject);
        server?.listen(port, '127.0.0.1', () => resolve());
      });
    },
    async stop(): Promise<void> {
      await new Promise<void>((resolve) =>
        server === undefined ? resolve() : server.close(() => resolve()),
      );
      server = undefined;
    },
  };
}
