import { SlideSchema, type Slide } from '../deck/schema.js';
import { creditLine } from '../images/credits.js';
import type { ImageCreditEntry } from './slide-images.js';

/** The optional last slide: one bullet per third-party picture, read out briefly. */
export function creditsSlide(credits: ImageCreditEntry[], lang: string): Slide {
  const thirdParty = credits.filter((c) => c.credit.provider && !['generated', 'local'].includes(c.credit.provider));
  const french = lang.toLowerCase().startsWith('fr');
  const bullets = thirdParty.map((c) => ({
    text: `Slide ${c.slide}: ${c.credit.title ?? 'image'} — ${creditLine(c.credit) || c.credit.author || c.credit.provider}`,
    children: c.credit.sourceUrl ? [c.credit.sourceUrl] : [],
  }));
  return SlideSchema.parse({
    title: french ? 'Crédits des images' : 'Image credits',
    bullets: bullets.length > 0 ? bullets : [{ text: french ? 'Toutes les illustrations ont été créées pour ce cours.' : 'All illustrations were made for this lecture.' }],
    narration: french ? 'Merci aux auteurs des images utilisées dans ce cours.' : 'Thank you to the people whose pictures appear in this lecture.',
  });
}
