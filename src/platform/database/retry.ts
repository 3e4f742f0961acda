/**
 * Runs `work` and, while it fails with an error that `isRetryable` accepts, runs it again, at most `retries` more
 * times; any other error, or the last one, is thrown. For work that loses a race with another transaction (a
 * deadlock) and has nothing to report but "try again".
 */
export async function retrying<T>(
  work: () => Promise<T>,
  isRetryable: (err: unknown) => boolean,
  retries: number,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt < retries && isRetryable(err)) continue;
      throw err;
    }
  }
}
