import { createHash, randomBytes } from 'node:crypto';

/** Random bytes in a secret code: 24 bytes, 192 bits (links must carry at least 128). */
export const SECRET_CODE_BYTES = 24;
/** What a code looks like: base64url of SECRET_CODE_BYTES (32 characters). Anything else is no code of ours. */
export const SECRET_CODE = /^[A-Za-z0-9_-]{32}$/;

/** A new secret code (for a join link): random, URL-safe. */
export function newSecretCode(): string {
  return randomBytes(SECRET_CODE_BYTES).toString('base64url');
}

/** The SHA-256 of a text as 64 hex digits: what is stored of a secret code, and how it is looked up. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
