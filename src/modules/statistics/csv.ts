/**
 * Rows as CSV (RFC 4180) that a spreadsheet opens: a byte-order mark so Excel reads UTF-8, a header row, CRLF line
 * ends, fields quoted when they hold a comma, a quote or a line break, `null` as an empty field. A field that a
 * spreadsheet would take for a formula (starting with =, +, -, @) is prefixed with an apostrophe.
 */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.map(csvField), ...rows.map((row) => columns.map((c) => csvField(row[c])))];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
