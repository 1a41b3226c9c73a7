import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LectraError } from '../errors.js';

const PACKAGE = '@echogarden/espeak-ng-emscripten';
const PREFIX = '/usr/share/espeak-ng-data/';

/**
 * eSpeak-NG's phoneme data (an `espeak-ng-data` folder), unpacked from the WebAssembly engine LECTRA
 * already installs: its `espeak-ng.data` is Emscripten's file package (every file back to back) and
 * `espeak-ng.js` lists each file's name and byte range. Piper voices need the folder (sherpa-onnx
 * phonemizes with eSpeak-NG), so no system package or separate download is needed. Unpacked once
 * into `root` (into a temp folder renamed into place, so a half-written copy is never used).
 */
export async function bundledEspeakData(root: string): Promise<string> {
  const target = path.join(root, 'espeak-ng-data');
  if (await exists(path.join(target, 'phontab'))) return target;
  const { files, dataFile } = await packageTable();
  const temp = path.join(root, `.espeak-ng-data.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const data = await open(dataFile, 'r');
  try {
    for (const file of files) {
      const out = path.join(temp, file.name);
      await mkdir(path.dirname(out), { recursive: true });
      const buffer = Buffer.alloc(file.end - file.start);
      await data.read(buffer, 0, buffer.length, file.start);
      await writeFile(out, buffer);
    }
    await mkdir(root, { recursive: true });
    await rename(temp, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another process unpacked it first: theirs is as good as ours.
      if (!(await exists(path.join(target, 'phontab')))) throw error;
    });
  } finally {
    await data.close();
    await rm(temp, { recursive: true, force: true });
  }
  return target;
}

interface PackedFile {
  name: string;
  start: number;
  end: number;
}

async function packageTable(): Promise<{ files: PackedFile[]; dataFile: string }> {
  let script: string;
  try {
    script = createRequire(import.meta.url).resolve(`${PACKAGE}/espeak-ng.js`);
  } catch (cause) {
    throw new LectraError('speech-failed', `Could not find ${PACKAGE}, whose eSpeak-NG data Piper voices use. Reinstall LECTRA's dependencies.`, { cause });
  }
  const source = await readFile(script, 'utf8');
  const files = [...source.matchAll(/filename:"([^"]+)",start:(\d+),end:(\d+)/g)]
    .filter((m) => m[1]!.startsWith(PREFIX))
    .map((m) => ({ name: m[1]!.slice(PREFIX.length), start: Number(m[2]), end: Number(m[3]) }));
  if (!files.some((f) => f.name === 'phontab') || files.some((f) => f.name.split('/').includes('..'))) {
    throw new LectraError('speech-failed', `${PACKAGE} does not list an espeak-ng-data folder this version of LECTRA can read.`, { file: script });
  }
  return { files, dataFile: path.join(path.dirname(script), 'espeak-ng.data') };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
