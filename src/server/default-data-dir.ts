import os from 'node:os';
import path from 'node:path';

/** Where the server keeps jobs unless --data-dir says otherwise: the platform's per-user data folder. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.LECTRA_DATA_DIR) return path.resolve(env.LECTRA_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'lectra');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'lectra');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'lectra');
}
