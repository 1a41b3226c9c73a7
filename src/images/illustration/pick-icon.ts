import { keywordsOf, stem } from '../keywords.js';
import { ICONS, type Icon } from './icons.js';

const TRIGGERS: Array<{ icon: Icon; stems: string[] }> = ICONS.map((icon) => ({ icon, stems: icon.words.map(stem) }));

/**
 * The icon that best fits a slide: keywords count double the title's words and earlier words
 * weigh more; ties go to the icon listed first. Undefined when nothing matches, so the caller
 * draws an abstract composition instead of a wrong picture.
 */
export function pickIcon(keywords: string[], title: string): Icon | undefined {
  const weighted = [
    ...keywords.flatMap((keyword) => keywordsOf(keyword, 2)).map((word) => ({ word, weight: 2 })),
    ...keywordsOf(title, 2).map((word) => ({ word, weight: 1 })),
  ];
  let best: { icon: Icon; score: number } | undefined;
  for (const { icon, stems } of TRIGGERS) {
    let score = 0;
    weighted.forEach(({ word, weight }, position) => {
      if (stems.some((trigger) => matches(stem(word), trigger))) score += weight / (1 + 0.15 * position);
    });
    if (score > 0 && (!best || score > best.score)) best = { icon, score };
  }
  return best?.icon;
}

function matches(word: string, trigger: string): boolean {
  return word === trigger || (trigger.length >= 5 && word.startsWith(trigger));
}
