import { DomainError } from '../errors/domain-error';

/**
 * How deep a JSON body may nest arrays and objects. The deepest request the API takes is three levels (a sitting's
 * `cases[].defendantIds[]`); 32 leaves room, and keeps every recursive walk over a body (validation, the NUL check,
 * class-transformer) far from the stack's limit: 2,500 levels in a 5 kB body used to end in a 500.
 */
export const MAX_JSON_DEPTH = 32;

/** A request body that cannot be read as JSON text for a reason of form: 400 before any route, guard or pipe runs. */
export class UnreadableBodyError extends DomainError {
  readonly status = 400;
  readonly title = 'The request body cannot be read';
  constructor(
    readonly code: 'JSON_TOO_DEEP' | 'INVALID_UTF8' | 'UNSUPPORTED_CHARSET',
    detail: string,
  ) {
    super(detail);
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The charset a Content-Type header declares, lower-cased and unquoted (`application/json; charset="UTF-8"` →
 * `utf-8`), or undefined when it declares none.
 */
export function declaredCharset(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*("([^"]*)"|[^;\s]*)/i.exec(contentType ?? '');
  if (!match) return undefined;
  return (match[2] ?? match[1]).trim().toLowerCase();
}

/**
 * The text of a JSON body (RFC 8259 §8.1: JSON exchanged between systems is UTF-8). A body declared in another
 * charset, or whose bytes are not UTF-8, is refused rather than read with U+FFFD in place of what the client meant.
 */
export function jsonBodyText(body: Buffer, contentType: string | undefined): string {
  const charset = declaredCharset(contentType);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnreadableBodyError(
      'UNSUPPORTED_CHARSET',
      `A JSON body must be UTF-8; this one is declared charset=${charset.slice(0, 40)}`,
    );
  }
  try {
    return UTF8.decode(body);
  } catch {
    throw new UnreadableBodyError('INVALID_UTF8', 'The request body is not valid UTF-8');
  }
}

/**
 * Refuses JSON text that nests arrays and objects deeper than `max`, in one pass over the text, before it is parsed
 * (brackets inside strings do not count). Malformed text is left to the parser.
 */
export function assertJsonDepth(text: string, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        throw new UnreadableBodyError('JSON_TOO_DEEP', `The request body nests deeper than ${max} levels`);
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
}
