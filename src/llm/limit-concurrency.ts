import { ResourcePool } from '../pipeline/resource-pool.js';

export type Limiter = <T>(task: () => Promise<T>, signal?: AbortSignal) => Promise<T>;

/**
 * A semaphore for one resource: at most `limit` tasks run at once; a waiting task starts the
 * moment a slot frees (first come, first served). A task whose signal aborts while it waits
 * leaves the queue with 'aborted' and never runs. The pipeline's ResourcePool does exactly this;
 * this is its function-shaped face for the LLM stage helpers.
 */
export function limitConcurrency(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Concurrency must be a whole number ≥ 1 (got ${limit}).`);
  const pool = new ResourcePool('llm', limit);
  return (task, signal) => pool.run(task, signal);
}
