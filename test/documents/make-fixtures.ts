/**
 * Fixture documents made on the fly: a 4-page PDF (pdf-lib) with one distinctive fact per page,
 * a DOCX (docx) with headings, an image-only PDF, a hand-made encrypted PDF and a fake DOCX, and
 * decompression bombs (a DOCX and a PDF that inflate a thousandfold), made by streaming.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { constants as zlibConstants, crc32, createDeflate, createDeflateRaw, type Deflate, type DeflateRaw } from 'node:zlib';
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

/**
 * Deflates `head`, then `megabytes` MB of the same 1 MB of XML-safe text, then `tail`, by
 * streaming one reused buffer through the deflater: the test never holds the inflated size.
 * Answers the compressed bytes, the inflated length and its CRC-32.
 */
async function deflateRepeated(deflater: Deflate | DeflateRaw, head: string, megabytes: number, tail: string): Promise<{ data: Buffer; length: number; crc: number }> {
  const chunks: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => deflater.on('end', resolve).on('error', reject));
  const filler = Buffer.from('All work and no play makes a dull document. '.repeat(Math.ceil((1024 * 1024) / 45))).subarray(0, 1024 * 1024);
  let crc = 0;
  let length = 0;
  const put = async (buffer: Buffer) => {
    crc = crc32(buffer, crc);
    length += buffer.length;
    if (!deflater.write(buffer)) await new Promise((resolve) => deflater.once('drain', resolve));
  };
  await put(Buffer.from(head));
  for (let i = 0; i < megabytes; i++) await put(filler);
  await put(Buffer.from(tail));
  deflater.end();
  await done;
  return { data: Buffer.concat(chunks), length, crc };
}

/**
 * A DOCX whose word/document.xml inflates to `megabytes` MB of one paragraph's text (a real
 * Word package otherwise: content types and relationships). `declaredBytes` sets the size the
 * ZIP directory claims for it (a bomb that lies), default the true one. Written by hand: a local
 * header and data per entry, the central directory, its end record.
 */
export async function makeDocxBomb(file: string, megabytes: number, options: { declaredBytes?: number } = {}): Promise<void> {
  const parts: Array<{ name: string; data: Buffer; length: number; crc: number; method: number }> = [];
  const stored = (name: string, text: string) => {
    const data = Buffer.from(text);
    parts.push({ name, data, length: data.length, crc: crc32(data), method: 0 });
  };
  stored('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  stored('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  const document = await deflateRepeated(
    createDeflateRaw({ level: 9, memLevel: 9, strategy: zlibConstants.Z_DEFAULT_STRATEGY }),
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>',
    megabytes,
    '</w:t></w:r></w:p></w:body></w:document>',
  );
  parts.push({ name: 'word/document.xml', ...document, method: 8 });

  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const declared = part.name === 'word/document.xml' ? (options.declaredBytes ?? part.length) : part.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(part.method, 8);
    local.writeUInt32LE(part.crc >>> 0, 14);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, part.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(part.method, 10);
    central.writeUInt32LE(part.crc >>> 0, 16);
    central.writeUInt32LE(part.data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + part.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  await write(file, Buffer.concat([...locals, directory, end]));
}

/** A one-page PDF whose page content is a Flate stream inflating to `megabytes` MB of text drawing. */
export async function makePdfBomb(file: string, megabytes: number): Promise<void> {
  const content = await deflateRepeated(createDeflate({ level: 9 }), 'BT /F1 12 Tf 20 200 Td (', megabytes, ') Tj ET\n');
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>'),
    Buffer.concat([Buffer.from(`<< /Length ${content.data.length} /Filter /FlateDecode >>\nstream\n`), content.data, Buffer.from('\nendstream')]),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
  ];
  const out: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  let length = out[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    out.push(chunk);
    length += chunk.length;
  });
  let trailer = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) trailer += `${String(offset).padStart(10, '0')} 00000 n \n`;
  trailer += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  out.push(Buffer.from(trailer, 'latin1'));
  await write(file, Buffer.concat(out));
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
