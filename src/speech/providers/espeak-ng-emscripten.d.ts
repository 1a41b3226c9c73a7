/**
 * Types for the parts of @echogarden/espeak-ng-emscripten we use (the package ships none).
 * The module is eSpeak-NG compiled with Emscripten (wasm2js) plus a small JS layer (post.js)
 * that adds `synthesize`, `list_voices` and `synthesize_ipa` to the IDL-bound worker class.
 */
declare module '@echogarden/espeak-ng-emscripten' {
  export interface EspeakNgEvent {
    type: 'list_terminated' | 'word' | 'sentence' | 'mark' | 'play' | 'end' | 'msg_terminated' | 'phoneme' | 'samplerate';
    /** 1-based character (code point) offset in the input text. */
    text_position: number;
    word_length: number;
    /** Milliseconds from the start of the audio. */
    audio_position: number;
    id?: string | number;
  }

  export interface EspeakNgVoiceInfo {
    name: string;
    /** e.g. `gmw/en-US`, `roa/fr`. */
    identifier: string;
    languages: Array<{ priority: number; name: string }>;
  }

  export interface ESpeakNgWorker {
    readonly samplerate: number;
    /** Returns 0 on success (eSpeak's EE_OK). */
    set_voice(name: string): number;
    set_rate(wpm: number): number;
    set_pitch(pitch: number): number;
    list_voices(): EspeakNgVoiceInfo[];
    /** Synchronous; the callback gets each audio chunk and its events; returning true stops synthesis. */
    synthesize(text: string, callback: (samples: Int16Array, events: EspeakNgEvent[]) => boolean | number): void;
    synthesize_ipa(text: string): { code: number; ipa: string };
  }

  export interface ESpeakNgModule {
    eSpeakNGWorker: new () => ESpeakNgWorker;
    destroy?(object: unknown): void;
  }

  const initialise: (moduleArg?: Record<string, unknown>) => Promise<ESpeakNgModule>;
  export default initialise;
}
