import os from 'node:os';
import { THEMES } from '../deck/schema.js';
import {
  defineOption,
  parseBoolean,
  parseChoice,
  parseList,
  parseNumberIn,
  parseOptionalChoice,
  parseOptionalNumberIn,
  parseOptionalLanguage,
  parseOptionalString,
  parseString,
  type OptionSpec,
} from './option-specs.js';

export const OUTPUTS = ['deck', 'frames', 'pptx', 'audio', 'video'] as const;
export type OutputKind = (typeof OUTPUTS)[number];
export const SCHEDULES = ['per-slide', 'staged'] as const;

function parseFileList(raw: unknown, where: string): string[] {
  const items = (Array.isArray(raw) ? raw.map(String) : String(raw).split(',')).map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(raw) && raw.length > 0 && items.length === 0) parseString('', where);
  return items;
}

const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

/**
 * The option table. Order matters only for `lectra config` output.
 * Defaults are documented here and nowhere else.
 */
export const OPTION_SPECS = {
  out: defineOption({ key: 'out', flag: 'out', env: ['LECTRA_OUT'], placeholder: 'dir', description: 'Output folder (default: ./lectures/<name>).', default: undefined as string | undefined, parse: parseOptionalString }),
  theme: defineOption({ key: 'theme', flag: 'theme', env: ['LECTRA_THEME'], placeholder: 'name', description: `Slide theme: ${THEMES.join(', ')} (default: the deck's own, else light).`, default: undefined as (typeof THEMES)[number] | undefined, parse: parseOptionalChoice(THEMES) }),
  only: defineOption({ key: 'only', flag: 'only', env: ['LECTRA_ONLY'], placeholder: 'list', description: `What to make, comma-separated: ${OUTPUTS.join(',')}.`, default: [...OUTPUTS] as OutputKind[], parse: parseList(OUTPUTS) }),
  lang: defineOption({ key: 'lang', flag: 'lang', env: ['LECTRA_LANG'], placeholder: 'tag', description: "Language of content and narration (default: the deck's, else en).", default: undefined as string | undefined, parse: parseOptionalLanguage }),
  tts: defineOption({ key: 'tts', flag: 'tts', env: ['LECTRA_TTS'], placeholder: 'id', description: 'Speech provider.', default: 'espeak', parse: parseString }),
  ttsUrl: defineOption({ key: 'ttsUrl', flag: 'tts-url', env: ['LECTRA_TTS_URL'], placeholder: 'url', description: 'Base URL of a network speech provider.', default: undefined as string | undefined, parse: parseOptionalString }),
  ttsModel: defineOption({ key: 'ttsModel', flag: 'tts-model', env: ['LECTRA_TTS_MODEL'], placeholder: 'name', description: 'Model of an OpenAI-compatible speech server (default: tts-1).', default: undefined as string | undefined, parse: parseOptionalString }),
  voiceModel: defineOption({ key: 'voiceModel', flag: 'voice-model', env: ['LECTRA_VOICE_MODEL'], placeholder: 'path', description: 'Piper voice model (.onnx, with its .onnx.json beside it) for --tts piper.', default: undefined as string | undefined, parse: parseOptionalString }),
  voice: defineOption({ key: 'voice', flag: 'voice', env: ['LECTRA_VOICE'], placeholder: 'id', description: "Voice id (`lectra voices` lists them; default: the deck's, else the provider's voice for the language).", default: undefined as string | undefined, parse: parseOptionalString }),
  rate: defineOption({ key: 'rate', flag: 'rate', env: ['LECTRA_RATE'], placeholder: 'x', description: "Speech rate multiplier, 0.5–2 (default: the deck's, else 1).", default: undefined as number | undefined, parse: parseOptionalNumberIn(0.5, 2) }),
  images: defineOption({ key: 'images', flag: 'images', env: ['LECTRA_IMAGES'], placeholder: 'id', description: "Images for slides that ask for one: generated (offline), auto (openverse → wikimedia → generated), openverse, wikimedia, pexels, unsplash, local, none (default: the deck's; topic mode: generated).", default: undefined as string | undefined, parse: parseOptionalString }),
  imagesDir: defineOption({ key: 'imagesDir', flag: 'images-dir', env: ['LECTRA_IMAGES_DIR'], placeholder: 'dir', description: 'Folder of your own images for --images local.', default: undefined as string | undefined, parse: parseOptionalString }),
  imagesUrl: defineOption({ key: 'imagesUrl', flag: 'images-url', env: ['LECTRA_IMAGES_URL'], placeholder: 'url', description: 'Base URL of the chosen image provider (e.g. a mirror or a test server).', default: undefined as string | undefined, parse: parseOptionalString }),
  format: defineOption({ key: 'format', flag: 'format', env: ['LECTRA_FORMAT'], placeholder: 'kind', description: 'How notes split into slides: auto (Marp with `marp: true`, Slidev by its head matter, else plain notes), notes, marp, slidev.', default: 'auto' as 'auto' | 'notes' | 'marp' | 'slidev', parse: parseChoice(['auto', 'notes', 'marp', 'slidev'] as const) }),
  strict: defineOption({ key: 'strict', flag: 'strict', env: ['LECTRA_STRICT'], description: 'Treat warnings (a missing picture, text that does not fit, HTML that is not drawn) as errors: exit 2 instead of rendering.', default: false, parse: parseBoolean }),
  creditsSlide: defineOption({ key: 'creditsSlide', flag: 'credits-slide', env: ['LECTRA_CREDITS_SLIDE'], description: 'Add a final slide crediting third-party images.', default: false, parse: parseBoolean }),
  from: defineOption({ key: 'from', flag: 'from', env: ['LECTRA_FROM'], placeholder: 'files...', description: 'Write the lecture from your documents (PDF, DOCX, Markdown, HTML, text); the topic then narrows it.', default: [] as string[], parse: parseFileList }),
  quizEvery: defineOption({ key: 'quizEvery', flag: 'quiz-every', env: ['LECTRA_QUIZ_EVERY'], placeholder: 'n', description: "A multiple-choice checkpoint after every N slides, written to quiz.json and as quiz slides (default: the deck's, else none).", default: undefined as number | undefined, parse: parseOptionalNumberIn(1, 100, true) }),
  quizQuestions: defineOption({ key: 'quizQuestions', flag: 'quiz-questions', env: ['LECTRA_QUIZ_QUESTIONS'], placeholder: 'n', description: 'Questions per checkpoint.', default: 2, parse: parseNumberIn(1, 10, true) }),
  llm: defineOption({ key: 'llm', flag: 'llm', env: ['LECTRA_LLM'], placeholder: 'id', description: 'LLM provider for topic mode: ollama, openai, llamacpp, none.', default: 'ollama', parse: parseString }),
  llmUrl: defineOption({ key: 'llmUrl', flag: 'llm-url', env: ['LECTRA_LLM_URL'], placeholder: 'url', description: 'LLM base URL (ollama: OLLAMA_HOST or http://127.0.0.1:11434; openai: https://api.openai.com/v1).', default: undefined as string | undefined, parse: parseOptionalString }),
  model: defineOption({ key: 'model', flag: 'model', env: ['LECTRA_MODEL'], placeholder: 'name', description: 'LLM model name.', default: 'llama3.1', parse: parseString }),
  modelFile: defineOption({ key: 'modelFile', flag: 'model-file', env: ['LECTRA_MODEL_FILE'], placeholder: 'path', description: 'GGUF model file for --llm llamacpp.', default: undefined as string | undefined, parse: parseOptionalString }),
  llmTimeout: defineOption({ key: 'llmTimeout', flag: 'llm-timeout', env: ['LECTRA_LLM_TIMEOUT'], placeholder: 's', description: 'Seconds before one LLM call is abandoned.', default: 180, parse: parseNumberIn(1, 3600) }),
  llmConcurrency: defineOption({ key: 'llmConcurrency', flag: 'llm-concurrency', env: ['LECTRA_LLM_CONCURRENCY'], placeholder: 'n', description: 'Parallel LLM calls (one local Ollama serves 4 by default).', default: 4, parse: parseNumberIn(1, 64, true) }),
  slides: defineOption({ key: 'slides', flag: 'slides', env: ['LECTRA_SLIDES'], placeholder: 'n', description: 'Content slides in topic mode.', default: 8, parse: parseNumberIn(1, 60, true) }),
  minutes: defineOption({ key: 'minutes', flag: 'minutes', env: ['LECTRA_MINUTES'], placeholder: 'm', description: 'Target lecture length in topic mode (≈150 spoken words a minute).', default: undefined as number | undefined, parse: parseOptionalNumberIn(0.5, 180) }),
  audience: defineOption({ key: 'audience', flag: 'audience', env: ['LECTRA_AUDIENCE'], placeholder: 'who', description: 'Who the lecture is for.', default: 'university students', parse: parseString }),
  prosody: defineOption({ key: 'prosody', flag: 'prosody', env: ['LECTRA_PROSODY'], placeholder: 'mode', description: 'Prosody tagging: rules (offline) or llm.', default: 'rules' as 'rules' | 'llm', parse: parseChoice(['rules', 'llm'] as const) }),
  ffmpeg: defineOption({ key: 'ffmpeg', flag: 'ffmpeg', env: ['LECTRA_FFMPEG'], placeholder: 'path', description: 'FFmpeg binary (default: the one bundled from npm).', default: undefined as string | undefined, parse: parseOptionalString }),
  ffprobe: defineOption({ key: 'ffprobe', flag: 'ffprobe', env: ['LECTRA_FFPROBE'], placeholder: 'path', description: 'ffprobe binary (default: the one bundled from npm).', default: undefined as string | undefined, parse: parseOptionalString }),
  jobs: defineOption({ key: 'jobs', flag: 'jobs', env: ['LECTRA_JOBS'], placeholder: 'n', description: 'CPU tasks (frames, encodes) run at once.', default: cores, parse: parseNumberIn(1, 256, true) }),
  schedule: defineOption({ key: 'schedule', flag: 'schedule', env: ['LECTRA_SCHEDULE'], placeholder: 'mode', description: "per-slide (default) or staged (the seed's stage barriers, for comparison).", default: 'per-slide' as (typeof SCHEDULES)[number], parse: parseChoice(SCHEDULES) }),
  cacheDir: defineOption({ key: 'cacheDir', flag: 'cache-dir', env: ['LECTRA_CACHE_DIR'], placeholder: 'dir', description: 'Content cache folder (default: $XDG_CACHE_HOME/lectra or ~/.cache/lectra).', default: undefined as string | undefined, parse: parseOptionalString }),
  noCache: defineOption({ key: 'noCache', flag: 'no-cache', env: ['LECTRA_NO_CACHE'], description: 'Recompute everything and store nothing in the cache.', default: false, parse: parseBoolean }),
  quiet: defineOption({ key: 'quiet', flag: 'quiet', env: ['LECTRA_QUIET'], description: 'Print only errors and the result.', default: false, parse: parseBoolean }),
} satisfies Record<string, OptionSpec<unknown>>;

type Specs = typeof OPTION_SPECS;
export type OptionKey = keyof Specs;
/** Complete, typed options: every key has a value (possibly undefined where "undefined" means "from the deck"). */
export type ResolvedOptions = { [K in OptionKey]: Specs[K]['default'] };
/** What callers may pass: any subset. */
export type LectraOptions = Partial<ResolvedOptions>;
