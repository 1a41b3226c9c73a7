import path from 'node:path';
import type { ResolvedOptions } from '../config/options.js';
import type { Deck, ImageCredit, Slide } from '../deck/schema.js';
import { firstImage, inferLayout, slideTexts } from '../deck/slide-content.js';
import type { ImageProvider, ImageProviderSettings } from '../images/contract.js';
import { findSlideImage, slideImageQueries } from '../images/find-slide-image.js';
import { keywordsOf } from '../images/keywords.js';
import { setupImageProviders } from '../images/registry.js';
import { fitsBesidePicture } from '../layout/fits-beside-picture.js';

export interface ImageCreditEntry {
  slide: number;
  credit: ImageCredit;
  file: string;
}

/**
 * Gives slides that ask for a picture one from the chosen provider chain. A slide asks when it
 * has `imageQueries` (topic mode's outline writes them) or, when a provider was chosen for the
 * deck (`--images`, front matter `images:`), when it is a plain bullet slide. `![alt](path)` in
 * the notes always wins. Providers are set up once, on the first slide that needs them.
 */
export class SlideImages {
  private providers?: Promise<ImageProvider[]>;
  readonly credits: ImageCreditEntry[] = [];

  constructor(
    private readonly choice: string | undefined,
    private readonly opts: ResolvedOptions,
    private readonly cacheDir: string,
    private readonly onFallback: (slide: number, message: string) => void,
  ) {}

  wants(slide: Slide, index: number): boolean {
    if (!this.choice || this.choice === 'none') return false;
    // A slide with a picture, code, a table or columns of its own has no room for an illustration.
    if (slide.blocks.some((b) => b.type === 'image' || b.type === 'code' || b.type === 'table' || b.type === 'columns')) return false;
    if (slide.imageQueries && slide.imageQueries.length > 0) return true;
    return inferLayout(slide, index) === 'content' && slide.blocks.some((b) => b.type === 'list') && fitsBesidePicture(slide);
  }

  /** What the picture depends on: the cache key's inputs. */
  request(slide: Slide, index: number, deck: Deck) {
    return {
      choice: this.choice,
      url: this.opts.imagesUrl,
      folder: this.opts.imagesDir,
      slideIndex: index,
      queries: slideImageQueries(slide),
      title: slide.title,
      keywords: keywordsOf(slideTexts(slide).join(' ')),
      theme: deck.theme,
    };
  }

  /** Finds the slide's picture; undefined when no provider had one. */
  async find(slide: Slide, index: number, deck: Deck, signal: AbortSignal): Promise<{ path: string; credit: ImageCredit } | undefined> {
    const providers = await this.setup();
    const { slideIndex, queries, title, keywords, theme } = this.request(slide, index, deck);
    const found = await findSlideImage({ slideIndex, queries, title, keywords, theme }, providers, {
      signal,
      cacheDir: this.cacheDir,
      onFallback: (info) => this.onFallback(index + 1, `${info.provider}: ${info.message}`),
    });
    return found ? { path: found.path, credit: found.credit } : undefined;
  }

  /** Records a slide's credit (for --credits-slide) and returns the slide with its picture. */
  apply(slide: Slide, index: number, found: { path: string; credit: ImageCredit } | undefined): Slide {
    const picture = { type: 'image' as const, src: found?.path ?? '', alt: slide.title, credit: found?.credit, position: 'auto' as const, fit: 'contain' as const };
    const result = found ? { ...slide, blocks: [...slide.blocks, picture] } : slide;
    const image = firstImage(result);
    if (image?.credit) this.credits.push({ slide: index + 1, credit: image.credit, file: image.src });
    return result;
  }

  async close(): Promise<void> {
    const providers = await this.providers?.catch(() => []);
    for (const provider of [...(providers ?? [])].reverse()) await provider.close().catch(() => undefined);
  }

  private setup(): Promise<ImageProvider[]> {
    this.providers ??= setupImageProviders(this.choice!, this.settings());
    return this.providers;
  }

  private settings(): Record<string, ImageProviderSettings> {
    const chosen: ImageProviderSettings = { url: this.opts.imagesUrl, folder: this.opts.imagesDir ? path.resolve(this.opts.imagesDir) : undefined };
    return { [this.choice!]: chosen, local: { folder: chosen.folder } };
  }
}
