import { pino, type Logger, type DestinationStream } from 'pino';
import type { LogLevel } from '../config/index.ts';

/** Paths whose values are never written to the log. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers.apikey',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.passwordHash',
  '*.systemPassword',
  '*.userPassword',
  '*.userPinCode',
  '*.apiKey',
  '*.password_hash',
  '*.token',
  '*.secret',
  '*.otp',
  '*.code_hash',
  '*.databaseUrl',
  'config.db.url',
];

/** The process logger: JSON lines on stdout, secrets redacted. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'tinn', pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export type { Logger };
