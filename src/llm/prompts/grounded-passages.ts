import type { Chunk } from '../../documents/document-types.js';

/** A passage as the grounded prompts show it: what it says and where it is from. */
export type Passage = Pick<Chunk, 'id' | 'file' | 'page' | 'heading' | 'text'>;

/** "report.pdf, p. 3 — Heading" */
export function passageLocation(passage: Pick<Chunk, 'file' | 'page' | 'heading'>): string {
  const parts = [passage.file, passage.page !== undefined ? `p. ${passage.page}` : undefined].filter(Boolean).join(', ');
  return passage.heading ? `${parts} — ${passage.heading}` : parts;
}

/**
 * The passages block of a grounded prompt. Each starts with a `[id: …]` line the model cites;
 * tests and logs find the passages by these lines. Text beyond `maxChars` in total is cut.
 */
export function formatPassages(passages: Passage[], maxChars = 12_000): string {
  const blocks: string[] = [];
  let used = 0;
  for (const passage of passages) {
    const room = maxChars - used;
    if (room < 200 && blocks.length > 0) break;
    const text = passage.text.length > room ? `${passage.text.slice(0, room)}…` : passage.text;
    blocks.push(`[id: ${passage.id}] ${passageLocation(passage)}\n${text}`);
    used += text.length;
  }
  return blocks.join('\n\n');
}

/**
 * The chunk ids an answer cites, mapped onto the passages it was shown: exact ids, unambiguous
 * id prefixes (models shorten hashes) and passage numbers ("2", "#2", "S2") all count; anything
 * else is dropped, so a slide never cites a passage it was not given.
 */
export function resolveCitations(cited: string[], passages: Passage[]): string[] {
  const ids: string[] = [];
  for (const raw of cited) {
    const value = raw.trim().replace(/^\[?(id:\s*)?/i, '').replace(/\]$/, '');
    const byNumber = /^(?:#|s|p|passage\s*)?(\d{1,2})$/i.exec(value);
    const match =
      passages.find((p) => p.id === value) ??
      (value.length >= 6 ? onlyOne(passages.filter((p) => p.id.startsWith(value))) : undefined) ??
      (byNumber ? passages[Number(byNumber[1]) - 1] : undefined);
    if (match && !ids.includes(match.id)) ids.push(match.id);
  }
  return ids;
}

function onlyOne<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}
