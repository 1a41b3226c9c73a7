import { defineImageProvider, type ImageProvider } from '../contract.js';
import { ImageProviderError } from '../image-provider-error.js';

/** No pictures: slides keep their text-only layouts. */
export const noneProvider = defineImageProvider({
  id: 'none',
  description: 'No images',
  offline: true,
  async setup(): Promise<ImageProvider> {
    return {
      id: 'none',
      async search() {
        return [];
      },
      async fetch(candidate) {
        throw new ImageProviderError('no-results', `The "none" image provider has no image ${candidate.id}.`);
      },
      async close() {},
    };
  },
});
