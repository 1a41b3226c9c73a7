import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ResolvedOptions } from '../config/options.js';
import type { LlmProviderSettings } from '../llm/contract.js';
import { llmProviders } from '../llm/registry.js';
import { resolveMediaBinaries } from '../media/binaries.js';
import { findChromium } from '../images/svg-html-labels.js';
import { speechProviders } from '../speech/registry.js';
import { speechSettings } from '../config/speech-settings.js';

const run = promisify(execFile);

export interface DoctorCheck {
  group: 'runtime' | 'media' | 'speech' | 'llm';
  name: string;
  ok: boolean;
  /** A failing required check means lectra cannot render at all. */
  required: boolean;
  detail: string;
}

/** What `lectra doctor` reports: binaries, and whether each provider is usable right now. */
export async function checkSetup(opts: ResolvedOptions, llm: LlmProviderSettings, signal?: AbortSignal): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [nodeCheck(process.versions.node)];
  checks.push(...(await checkMedia(opts)), chromiumCheck(findChromium()));
  checks.push(...(await checkSpeech(opts)));
  checks.push(...(await checkLlms(opts, llm, signal)));
  return checks;
}

/** Node.js lines LECTRA supports (package.json engines): the even, long-term-support ones from 22. */
export function nodeCheck(version: string): DoctorCheck {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const ok = (major === 22 && minor >= 12) || major === 24 || major >= 26;
  const detail = ok ? `v${version}` : `v${version} is not supported: use Node.js 22 or 24 (e.g. \`npm install -g node@22\`)`;
  return { group: 'runtime', name: 'node', ok, required: true, detail };
}

/** Optional: Chromium draws SVG diagrams whose labels are HTML (draw.io exports). */
export function chromiumCheck(found: string | undefined): DoctorCheck {
  return found
    ? { group: 'media', name: 'chromium', ok: true, required: false, detail: `${found} (draws Mermaid diagrams and SVG pictures with HTML labels, e.g. draw.io exports)` }
    : { group: 'media', name: 'chromium', ok: false, required: false, detail: 'not installed: Mermaid blocks stay code and SVG pictures with HTML labels (draw.io exports) are drawn without those labels; install it with `apt install chromium` (or set LECTRA_CHROMIUM)' };
}

async function checkMedia(opts: ResolvedOptions): Promise<DoctorCheck[]> {
  try {
    const binaries = resolveMediaBinaries({ ffmpeg: opts.ffmpeg, ffprobe: opts.ffprobe });
    return await Promise.all(
      (['ffmpeg', 'ffprobe'] as const).map(async (name) => {
        try {
          const { stdout } = await run(binaries[name], ['-version'], { timeout: 10_000 });
          return { group: 'media' as const, name, ok: true, required: true, detail: `${stdout.split('\n')[0]} (${binaries[name]})` };
        } catch (error) {
          return { group: 'media' as const, name, ok: false, required: true, detail: `${binaries[name]} does not run: ${(error as Error).message}` };
        }
      }),
    );
  } catch (error) {
    return [{ group: 'media', name: 'ffmpeg', ok: false, required: true, detail: (error as Error).message }];
  }
}

async function checkSpeech(opts: ResolvedOptions): Promise<DoctorCheck[]> {
  return Promise.all(
    Object.values(speechProviders).map(async (definition) => {
      const chosen = definition.id === opts.tts;
      try {
        // Other providers get only local settings (a voice file on disk, FFmpeg), never a URL or key.
        const provider = await definition.setup(chosen ? speechSettings(opts) : { ffmpeg: opts.ffmpeg, voiceModel: opts.voiceModel });
        try {
          const voices = await provider.voices();
          return { group: 'speech' as const, name: definition.id, ok: true, required: chosen, detail: `${voices.length} voice${voices.length === 1 ? '' : 's'}${chosen ? ' (selected)' : ''} — ${definition.description}` };
        } finally {
          await provider.close();
        }
      } catch (error) {
        return { group: 'speech' as const, name: definition.id, ok: false, required: chosen, detail: (error as Error).message };
      }
    }),
  );
}

async function checkLlms(opts: ResolvedOptions, settings: LlmProviderSettings, signal?: AbortSignal): Promise<DoctorCheck[]> {
  return Promise.all(
    [...llmProviders.values()].map(async (definition) => {
      const chosen = definition.id === opts.llm;
      // Only the chosen provider gets the configured URL and model; others are probed at their defaults.
      const mine: LlmProviderSettings = chosen ? { ...settings, timeoutMs: 5_000, maxRetries: 0 } : { timeoutMs: 5_000, maxRetries: 0, apiKey: settings.apiKey };
      try {
        const provider = await definition.setup(mine);
        try {
          const result = await provider.check(signal);
          return { group: 'llm' as const, name: definition.id, ok: result.ok, required: false, detail: `${result.detail}${chosen ? ' (selected)' : ''}` };
        } finally {
          await provider.close();
        }
      } catch (error) {
        return { group: 'llm' as const, name: definition.id, ok: false, required: false, detail: (error as Error).message };
      }
    }),
  );
}
