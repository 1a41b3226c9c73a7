/** Bytes as megabytes (MiB) with one decimal, for messages: 10485760 → "10.0". */
export function megabytes(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}
