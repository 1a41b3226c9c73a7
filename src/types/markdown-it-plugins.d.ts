// The plugins ship no types; both are markdown-it plugins (md.use(plugin)).
declare module 'markdown-it-emoji' {
  import type { PluginSimple } from 'markdown-it';
  export const full: PluginSimple;
  export const light: PluginSimple;
  export const bare: PluginSimple;
}
declare module 'markdown-it-texmath' {
  import type { PluginWithOptions } from 'markdown-it';
  const texmath: PluginWithOptions<{ engine?: { renderToString(tex: string, options?: unknown): string }; delimiters?: string | string[]; outerSpace?: boolean }>;
  export default texmath;
}
declare module 'markdown-it-mark' {
  import type { PluginSimple } from 'markdown-it';
  const mark: PluginSimple;
  export default mark;
}
