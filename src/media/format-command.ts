const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One POSIX-shell-quoted command line, so an error's command can be pasted into a terminal. */
export function formatCommand(binary: string, args: readonly string[]): string {
  return [binary, ...args].map(quoteShellArg).join(' ');
}

export function quoteShellArg(arg: string): string {
  if (SAFE.test(arg)) return arg;
  // Inside single quotes nothing is special except the quote itself: close, escape, reopen.
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
