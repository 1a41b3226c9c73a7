/**
 * Like Promise.all, but waits for every promise to settle before rejecting. Used wherever tasks
 * write files: after a cancel, nothing may still be writing when the caller cleans up and exits,
 * or a temp file could outlive the run. The first real failure wins over the 'aborted' errors
 * it caused in siblings.
 */
export async function settleAll<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> | T[K] }): Promise<T> {
  const settled = await Promise.allSettled(promises as readonly unknown[]);
  const failures = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
  if (failures.length > 0) throw failures.find((e) => (e as { code?: string } | undefined)?.code !== 'aborted') ?? failures[0];
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
