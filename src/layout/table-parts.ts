import type { RectBox, TableBox, TextBox } from './types.js';

/**
 * A table as the primitives the frame rasteriser draws: the header fill, row stripes, the grid
 * lines (thin rectangles) and one text box per cell — the geometry the PPTX writer gives its
 * native table, so the two agree.
 */
const RULE = 0.012;

export function tableParts(table: TableBox): Array<RectBox | TextBox> {
  const parts: Array<RectBox | TextBox> = [];
  const rect = (role: RectBox['role'], x: number, y: number, w: number, h: number, fill: string): RectBox => ({ kind: 'rect', role, x, y, w, h, fill, radius: 0 });
  let y = table.y;
  table.rows.forEach((row, r) => {
    if (row.header) parts.push(rect('table-fill', table.x, y, table.w, row.h, table.headerFill));
    else if (r % 2 === 0) parts.push(rect('table-fill', table.x, y, table.w, row.h, table.stripeFill));
    let x = table.x;
    row.cells.forEach((cell, c) => {
      const w = table.columns[c] ?? 0;
      parts.push({
        kind: 'text',
        role: 'paragraph',
        x: x + table.padX,
        y: y + table.padY,
        w: w - 2 * table.padX,
        h: row.h - 2 * table.padY,
        font: 'sans',
        fontSize: table.fontSize,
        lineHeight: table.lineHeight,
        color: row.header ? table.headerColor : table.color,
        bold: row.header,
        align: cell.align,
        valign: 'top',
        lines: cell.lines,
        indent: 0,
        block: table.block,
      });
      x += w;
    });
    y += row.h;
    parts.push(rect('table-fill', table.x, y - RULE / 2, table.w, RULE, table.borderColor));
  });
  return parts;
}
