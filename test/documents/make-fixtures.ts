/**
 * Fixture documents made on the fly: a 4-page PDF (pdf-lib) with one distinctive fact per page,
 * a DOCX (docx) with headings, an image-only PDF, a hand-made encrypted PDF and a fake DOCX.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PNG } from 'pngjs';

export const PDF_PAGES = [
  {
    heading: 'Volcanoes of Iceland',
    paragraphs: [
      'Iceland sits on the Mid-Atlantic Ridge, where the Eurasian and North American plates drift apart by about two centimetres a year.',
      'Its volcanic systems include Hekla, Katla and Grimsvotn, and eruptions there are studied by geologists from around the world.',
    ],
  },
  {
    heading: 'Glaciers and Ice Caps',
    paragraphs: [
      'Vatnajokull is the largest ice cap in Europe by volume and covers around eight percent of the country.',
      'Meltwater floods called jokulhlaups occur when an eruption melts the ice beneath a glacier.',
    ],
  },
  {
    heading: 'Geothermal Energy',
    paragraphs: [
      'The Hellisheidi power station captures carbon dioxide and turns it into basalt rock within two years, a process named Carbfix.',
      'Geothermal heat warms about nine out of ten homes in the country through district heating networks.',
    ],
  },
  {
    heading: 'Wildlife and Birds',
    paragraphs: [
      'Atlantic puffins nest on coastal cliffs each summer, and the Westman Islands host one of the largest colonies.',
      'Arctic foxes are the only land mammals native to the island.',
    ],
  },
];

export const DOCX_SECTIONS = [
  { heading: 'Safety in the Laboratory', paragraphs: ['Always wear goggles when heating liquids.', 'Tie back long hair before using a Bunsen burner.'] },
  { heading: 'Handling Acids', paragraphs: ['Add acid to water, never water to acid, to avoid violent boiling.'] },
  { heading: 'Waste Disposal', paragraphs: ['Heavy metal residues go into the labelled grey container, not down the sink.'] },
];

/** Each paragraph is drawn as wrapped lines; headings in a larger font, so they read as headings. */
export async function makeFactsPdf(file: string): Promise<void> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Iceland Field Guide');
  const body = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  for (const page of PDF_PAGES) {
    const p = pdf.addPage([595, 842]);
    let y = 780;
    p.drawText(page.heading, { x: 50, y, size: 20, font: bold });
    y -= 40;
    for (const paragraph of page.paragraphs) {
      for (const line of wrap(paragraph, 80)) {
        p.drawText(line, { x: 50, y, size: 11, font: body });
        y -= 15;
      }
      y -= 15;
    }
  }
  await write(file, await pdf.save());
}

export async function makeImageOnlyPdf(file: string): Promise<void> {
  const pdf = await PDFDocument.create();
  const png = new PNG({ width: 40, height: 40 });
  png.data.fill(200);
  const image = await pdf.embedPng(PNG.sync.write(png));
  for (let i = 0; i < 2; i++) pdf.addPage([300, 300]).drawImage(image, { x: 10, y: 10, width: 200, height: 200 });
  await write(file, await pdf.save());
}

/**
 * pdf-lib cannot encrypt, so this writes a minimal PDF by hand whose trailer names a Standard
 * security handler (RC4, revision 2) with a user password: PDF.js asks for the password.
 */
export async function makeEncryptedPdf(file: string): Promise<void> {
  const hex32 = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R >>',
    '<< /Length 44 >>\nstream\nBT /F1 12 Tf 20 200 Td (secret text) Tj ET\nendstream',
    `<< /Filter /Standard /V 1 /R 2 /O <${hex32}> /U <${hex32}> /P -44 >>`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 5 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] >>\nstartxref\n${xref}\n%%EOF\n`;
  await write(file, Buffer.from(out, 'latin1'));
}

export async function makeDocx(file: string): Promise<void> {
  const children = DOCX_SECTIONS.flatMap((section) => [
    new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_1 }),
    ...section.paragraphs.map((text) => new Paragraph({ text })),
  ]);
  const doc = new Document({ sections: [{ children: [new Paragraph({ text: 'Lab Handbook', heading: HeadingLevel.TITLE }), ...children] }] });
  await write(file, await Packer.toBuffer(doc));
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

async function write(file: string, data: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, data);
}
