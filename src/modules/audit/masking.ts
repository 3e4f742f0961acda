/** Personal data in audit snapshots and API answers is masked with these. */

/**
 * Keeps the last 4 characters of an identity number ("110101199001011234" -> "**************1234"), and fewer of a
 * short one so that most of it stays hidden: at most a third ("E1234567" -> "******67", "AB12" -> "***2").
 */
export function maskIdNumber(idNumber: string | null | undefined): string | null {
  if (idNumber === null || idNumber === undefined) return null;
  const keep = Math.min(4, Math.floor(idNumber.length / 3));
  return '*'.repeat(idNumber.length - keep) + idNumber.slice(idNumber.length - keep);
}

/** Keeps the first character of a person's name: "张三丰" -> "张**". */
export function maskName(name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
}

/** Keeps the first character of the local part and the domain: "li.ming@firm.cn" -> "l***@firm.cn". */
export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return email ?? null;
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}***@${domain ?? ''}`;
}
