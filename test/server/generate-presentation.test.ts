import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveMediaBinaries } from '../../src/media/binaries.js';
import { probeMedia } from '../../src/media/probe.js';
import { startLlmServer, type LlmServer } from '../servers/llm-server.js';
import { json, readEvents, removeDir, startTestServer, type TestServer } from './helpers.js';

// The original system's call, end to end over HTTP against the local Ollama stand-in.
describe('POST /generate_presentation (the original call)', () => {
  let llm: LlmServer;
  let api: TestServer;

  beforeAll(async () => {
    llm = await startLlmServer();
    api = await startTestServer({ defaults: { llm: 'ollama', llmUrl: llm.url, model: 'llama3.1' } });
  });
  afterAll(async () => {
    await api?.close();
    await llm?.close();
    await removeDir(api.dataDir);
  });

  it('answers the original result and leaves files ffprobe and unzip accept', async () => {
    const { status, body } = await json(`${api.url}/generate_presentation`, {
      method: 'POST',
      body: { project: 'test', topic: 'AI in Healthcare', options: { slides: 2 } },
    });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ status: 'ok', project_dir: expect.any(String), presentation_title: expect.any(String), slide_count: 3 });
    for (const key of ['pptx_path', 'audio_path', 'slide_timings_path', 'video_path']) expect(body[key], key).toMatch(/^\//);
    expect(body.duration_sec).toBeGreaterThan(1);
    expect(body.outline).toHaveLength(3);
    expect(body.slide_timings.map((t: { slide: number }) => t.slide)).toEqual([1, 2, 3]);

    const binaries = resolveMediaBinaries();
    const media = await probeMedia(body.video_path, { binary: binaries.ffprobe });
    expect(media.streams.map((s) => s.codecType)).toEqual(expect.arrayContaining(['video', 'audio']));
    expect(media.durationSec).toBeCloseTo(body.duration_sec, 0);
    expect(media.chapters).toHaveLength(3);

    const zip = await JSZip.loadAsync(await readFile(body.pptx_path));
    expect(Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))).toHaveLength(3);

    // The same job through the job API and the original read endpoints.
    const job = await json(`${api.url}/jobs/${body.job_id}`);
    expect(job.body).toMatchObject({ state: 'done', project: 'test', kind: 'topic' });
    const events = await readEvents(`${api.url}/jobs/${body.job_id}/events`);
    expect(events.at(-1)!.event).toBe('done');
    expect(events.some((e) => e.event === 'progress' && e.data.type === 'task-finished' && e.data.task.stage === 'outline')).toBe(true);

    const projects = await json(`${api.url}/list_projects`);
    expect(projects.body.projects).toContainEqual(expect.objectContaining({ project: 'test', job_id: body.job_id, state: 'done' }));
    const range = await fetch(`${api.url}/get_video?project=test`, { headers: { range: 'bytes=0-99' } });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toMatch(/^bytes 0-99\/\d+$/);
    expect((await range.arrayBuffer()).byteLength).toBe(100);
    const timings = await json(`${api.url}/get_slide_timings?project=test`);
    expect(timings.body.slides).toHaveLength(3);
    const image = await fetch(`${api.url}/get_slide_image?project=test&slide=2`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect((await fetch(`${api.url}/get_slide_image?project=test&slide=9`)).status).toBe(404);
    const audio = await fetch(`${api.url}/get_audio?project=test`);
    expect(audio.status).toBe(200);
    await audio.arrayBuffer();
  }, 300_000);
});
