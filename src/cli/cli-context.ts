/** What a command may use to talk to the outside world; main.ts provides the real ones. */
export interface CliContext {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  signal: AbortSignal;
}
