/**
 * Dependencies that take tens of milliseconds to load each, loaded on first use: a warm
 * re-render that redraws nothing, or a command that never draws, never pays for them. Each
 * loader imports its module once and hands every caller the same promise.
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/** Images: decode, resize, convert (native). */
export const loadSharp = once(async () => (await import('sharp')).default);
/** SVG → PNG (native). */
export const loadResvg = once(() => import('@resvg/resvg-js'));
/** The PPTX writer and the zip library its output is patched with. */
export const loadPptxGen = once(async () => {
  const module = (await import('pptxgenjs')) as unknown as { default: { default?: unknown } };
  // CommonJS interop: the class is `default`, or `default.default` depending on the loader.
  return (module.default.default ?? module.default) as typeof import('pptxgenjs').default;
});
export const loadJsZip = once(async () => (await import('jszip')).default);
/** WebSocket client (Edge voices). */
export const loadWs = once(async () => (await import('ws')).default);
/** The OpenAI SDK (OpenAI-compatible LLM servers). */
export const loadOpenAi = once(() => import('openai'));
/** PDF text (pdf.js). */
export const loadUnpdf = once(() => import('unpdf'));
/** DOCX → HTML. */
export const loadMammoth: () => Promise<typeof import('mammoth')> = once(async () => (await import('mammoth')).default as typeof import('mammoth'));
/** The HTTP server and its plugins (`lectra serve`). */
export const loadFastify = once(async () => {
  const [fastify, multipart, statics] = await Promise.all([import('fastify'), import('@fastify/multipart'), import('@fastify/static')]);
  return { Fastify: fastify.default, multipart: multipart.default, statics: statics.default };
});
