/** Each value once, in the order first seen. */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Whether both hold the same values, each counted once (order and repeats do not matter). */
export function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}
