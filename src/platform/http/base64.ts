import { AppError } from '../errors/errors.ts';
import { PlatformProblems } from '../errors/platform-problems.ts';

/**
 * The bytes of a base64 field of a JSON body. A schema pattern lets through lengths that are not whole
 * base64; a round trip shows it, and the field is then PLAT-00004 at `path`.
 */
export function decodeBase64Field(data: string, path: string): Buffer {
  const bytes = Buffer.from(data, 'base64');
  if (bytes.toString('base64').replace(/=+$/, '') !== data.replace(/=+$/, '')) {
    throw new AppError(PlatformProblems.requestValidation, { errors: [{ path, message: 'not base64', rule: 'base64' }] });
  }
  return bytes;
}
