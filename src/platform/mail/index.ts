/**
 * Outgoing e-mail over SMTP (nodemailer), configured by SMTP_OUT_HOST / SMTP_OUT_PORT /
 * SMTP_OUT_FROM (config.ts). One small sender, so modules (council invitations, records
 * dispatch) do not each build their own transport. Tests point it at a loopback smtp-server.
 */
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';

export interface MailAddress {
  name?: string;
  address: string;
}

export interface OutgoingMail {
  /** Display name shown with the configured SMTP_OUT_FROM address (e.g. the tenant's name). */
  fromName?: string;
  to: MailAddress | MailAddress[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  /** `<…@…>`; nodemailer makes one when absent. */
  messageId?: string;
  attachments?: { filename: string; contentType: string; content: Buffer | Uint8Array }[];
}

/** Is outgoing mail set up (a relay host and a From address)? */
export function outgoingMailConfigured(config: Pick<Config, 'smtpOutHost' | 'smtpOutFrom'>): boolean {
  return Boolean(config.smtpOutHost && config.smtpOutFrom);
}

export const MAIL_NOT_CONFIGURED = 'Outgoing e-mail is not configured (SMTP_OUT_HOST, SMTP_OUT_FROM).';

/**
 * Hands one message to the relay; resolves with the Message-ID once the relay accepted it and
 * rejects with the relay's (or the network's) error otherwise. No retry here: callers record
 * the failure and retry in their own way (a job round, a button).
 */
export async function sendMail(
  config: Pick<Config, 'smtpOutHost' | 'smtpOutPort' | 'smtpOutFrom'>,
  mail: OutgoingMail,
): Promise<{ messageId: string }> {
  const host = config.smtpOutHost;
  const from = config.smtpOutFrom;
  if (!host || !from) throw new Error(MAIL_NOT_CONFIGURED);
  const transport = nodemailer.createTransport({
    host,
    port: config.smtpOutPort,
    secure: config.smtpOutPort === 465,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  try {
    const info = await transport.sendMail({
      from: mail.fromName ? { name: mail.fromName, address: from } : from,
      to: mail.to,
      ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
      attachments: (mail.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: Buffer.from(a.content),
      })),
    });
    return { messageId: info.messageId };
  } finally {
    transport.close();
  }
}
