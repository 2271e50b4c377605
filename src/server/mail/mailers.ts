import nodemailer from 'nodemailer';
import type { DeliveryResult, Mailer, Notice } from '../../core/index.ts';
import type { MailOutbox } from '../../store/index.ts';
import type { SpacegateConfig } from '../config/schema.ts';
import { renderMail } from './render-mail.ts';

type SmtpSettings = NonNullable<SpacegateConfig['mail']['smtp']>;

/** Errors that mean the server was not reached (or dropped us): try later, the mail is not lost. */
const UNREACHABLE = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET']);

function classify(error: unknown): DeliveryResult {
  const { code, responseCode, message } = error as { code?: string; responseCode?: number; message?: string };
  const text = message ?? String(error);
  // 4xx replies are temporary by RFC 5321 §4.2.1; 5xx are permanent.
  if ((code !== undefined && UNREACHABLE.has(code)) || (responseCode !== undefined && responseCode < 500))
    return { status: 'unreachable', error: text };
  return { status: 'refused', error: text };
}

/**
 * SMTP delivery with nodemailer. The outbox records every sent key, so a job that runs again (its
 * worker died after sending) sends nothing; the Message-ID comes from the key, so even a mail sent
 * twice in that narrow window is one message to the receiving system.
 */
export function smtpMailer(options: {
  smtp: SmtpSettings;
  from: string;
  baseUrl: () => string;
  outbox: MailOutbox;
}): Mailer {
  const { smtp } = options;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    connectionTimeout: smtp.timeoutSeconds * 1000,
    greetingTimeout: smtp.timeoutSeconds * 1000,
    socketTimeout: smtp.timeoutSeconds * 1000,
    ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.password ?? '' } }),
  });
  return {
    async deliver(notice: Notice) {
      if (await options.outbox.has(notice.key)) return { status: 'delivered' };
      const mail = renderMail(notice, options.baseUrl());
      try {
        await transport.sendMail({
          from: options.from,
          to: { name: notice.to.name, address: notice.to.email },
          subject: mail.subject,
          text: mail.text,
          messageId: `<${Buffer.from(notice.key).toString('base64url')}@spacegate>`,
        });
      } catch (error) {
        return classify(error);
      }
      await options.outbox.record({
        key: notice.key,
        recipient: notice.to.email,
        subject: mail.subject,
        body: mail.text,
        status: 'sent',
        createdAt: new Date().toISOString(),
      });
      return { status: 'delivered' };
    },
  };
}

/** Demo mode (no SMTP configured): every mail is kept in the outbox page instead of being sent. */
export function outboxMailer(options: { baseUrl: () => string; outbox: MailOutbox }): Mailer {
  return {
    async deliver(notice: Notice) {
      const mail = renderMail(notice, options.baseUrl());
      await options.outbox.record({
        key: notice.key,
        recipient: notice.to.email,
        subject: mail.subject,
        body: mail.text,
        status: 'kept',
        createdAt: new Date().toISOString(),
      });
      return { status: 'delivered' };
    },
  };
}
