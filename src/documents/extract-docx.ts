import { loadMammoth } from '../heavy-deps.js';
import { checkZipInflation } from './check-zip-inflation.js';
import type { DocumentSection } from './document-types.js';
import { documentErrors } from './document-errors.js';
import { DOCUMENT_LIMITS, type DocumentLimits } from './document-limits.js';
import { htmlToSections } from './html-to-sections.js';

/**
 * DOCX → sections: mammoth maps Word's heading styles to <h1>…<h6> (and lists, tables to their
 * HTML), and the HTML reader turns those into sections named by their headings.
 */
export async function extractDocx(file: string, bytes: Uint8Array, limits: DocumentLimits = DOCUMENT_LIMITS): Promise<{ title?: string; sections: DocumentSection[] }> {
  // Mammoth inflates the XML parts it reads (never the media: images are dropped below).
  await checkZipInflation(file, bytes, { partBytes: limits.zipPartBytes, totalBytes: limits.zipTotalBytes, include: (name) => /\.(?:xml|rels)$/i.test(name) });
  const mammoth = await loadMammoth();
  let html: string;
  try {
    // Images are dropped: only text is indexed, and data URIs would bloat the HTML.
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, {
      convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      // Word's Title/Subtitle styles are plain paragraphs to mammoth; they name the document.
      styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"],
    });
    html = result.value;
  } catch (error) {
    throw documentErrors.corrupt(file, 'docx', error);
  }
  return htmlToSections(html);
}
