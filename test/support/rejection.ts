/** What `promise` rejects with (typed as the caller expects); a promise that fulfils fails the test instead. */
export async function rejection<T = any>(promise: Promise<unknown>): Promise<T> {
  try {
    await promise;
  } catch (error) {
    return error as T;
  }
  throw new Error('expected a rejection');
}
