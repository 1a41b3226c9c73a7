type Json = Record<string, any>;

const escape = (text: unknown) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A self-contained HTML page listing every endpoint of the OpenAPI document (no scripts, no CDN). */
export function docsPage(openapi: Json): string {
  const byTag = new Map<string, string[]>();
  for (const [url, operations] of Object.entries(openapi.paths as Json)) {
    for (const [method, op] of Object.entries(operations as Json)) {
      const params = (op.parameters ?? []) as Json[];
      const body = op.requestBody?.content?.['application/json']?.schema;
      const html = `
      <section class="op">
        <h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(url)}</code> ${op.security?.length === 0 ? '<span class="pub">public</span>' : ''}</h3>
        <p>${escape(op.summary)}${op.description ? ` — ${escape(op.description)}` : ''}</p>
        ${params.length ? `<p class="params">${params.map((p) => `<code>${escape(p.name)}</code> <small>(${p.in}${p.required ? ', required' : ''})</small>`).join(' · ')}</p>` : ''}
        ${body ? `<details><summary>Request body schema</summary><pre>${escape(JSON.stringify(body, null, 2))}</pre></details>` : ''}
        <p class="codes">${Object.entries(op.responses as Json).map(([code, r]) => `<span title="${escape((r as Json).description)}">${code}</span>`).join(' ')}</p>
      </section>`;
      const tag = op.tags?.[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const sections = [...byTag].map(([tag, ops]) => `<h2>${escape(tag)}</h2>${ops.join('')}`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>LECTRA API</title><style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
main{max-width:980px;margin:0 auto;padding:32px 24px}
h1{margin:0 0 4px}h2{margin-top:36px;text-transform:capitalize;border-bottom:1px solid #dde1e7;padding-bottom:6px}
.op{background:#fff;border:1px solid #e1e5eb;border-radius:10px;padding:12px 16px;margin:12px 0}
.op h3{margin:0;font-size:15px}.m{display:inline-block;min-width:58px;text-align:center;border-radius:6px;color:#fff;font-size:12px;padding:2px 6px;margin-right:6px}
.get{background:#2f7d4f}.post{background:#2b5fb4}.put{background:#a26a12}.delete{background:#b3322f}
.pub{font-size:11px;background:#eef1f5;border-radius:6px;padding:1px 6px;color:#56607a}
.codes span{display:inline-block;font-size:12px;background:#eef1f5;border-radius:6px;padding:0 6px;margin-right:4px}
pre{background:#0f1523;color:#d7e1f4;padding:12px;border-radius:8px;overflow:auto;font-size:12px}
a{color:#2b5fb4}</style></head><body><main>
<h1>${escape(openapi.info.title)} <small>${escape(openapi.info.version)}</small></h1>
<p>${escape(openapi.info.description)}</p>
<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI ${escape(openapi.openapi)}). Web UI: <a href="./">/</a>.</p>
${sections}
</main></body></html>`;
}
