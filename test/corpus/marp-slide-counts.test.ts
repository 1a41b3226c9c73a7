/**
 * Issue 14: the real Marp decks of the shared corpus break into exactly the slides Marp makes.
 * The expected counts are SOURCES.md's (from @marp-team/marp-core and a separate line-by-line
 * count, written there by hand), read from its "Marp decks" table.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNotes } from '../../src/deck/parse-notes.js';
import { CORPUS, optionalTool } from '../support/optional-tool.js';

const hasCorpus = optionalTool('shared-corpus', existsSync(path.join(CORPUS, 'SOURCES.md')));

interface MarpDeck {
  folder: string;
  file: string;
  slides: number;
}

/** The rows of SOURCES.md's Marp table: folder, the deck's path (its first file), slide count. */
function marpDecks(): MarpDeck[] {
  const lines = readFileSync(path.join(CORPUS, 'SOURCES.md'), 'utf8').split('\n');
  const start = lines.findIndex((line) => line.startsWith('## 1. Marp decks'));
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines
    .slice(start, end)
    .filter((line) => /^\| m\d\d-/.test(line))
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      const file = cells[4]!.split(' + ')[0]!.replace(/`/g, '').replace(/ \(name has spaces\)$/, '');
      return { folder: cells[1]!, file, slides: Number(cells[7]) };
    });
}

describe.skipIf(!hasCorpus)('the corpus Marp decks: the slides Marp makes', () => {
  const decks = hasCorpus ? marpDecks() : [];

  it('lists the twelve Marp decks', () => {
    expect(decks.map((d) => d.folder.slice(0, 3))).toEqual(['m01', 'm02', 'm03', 'm04', 'm05', 'm06', 'm07', 'm08', 'm09', 'm10', 'm11', 'm12']);
  });

  it.each(hasCorpus ? marpDecks().map((d) => [d.folder, d] as const) : [])('%s', (_folder, deck) => {
    const file = path.join(CORPUS, deck.folder, deck.file);
    const { deck: parsed, problems } = parseNotes(readFileSync(file, 'utf8'), { file });
    expect(parsed.slides).toHaveLength(deck.slides);
    // Nothing the author wrote as a slide is dropped.
    expect(problems.filter((p) => /(so it|the empty slide) was skipped/.test(p.message))).toEqual([]);
  });
});
