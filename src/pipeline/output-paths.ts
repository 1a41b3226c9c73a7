import path from 'node:path';

/** The output folder's layout (DESIGN.md "Output folder"): one place that names every file. */
export function outputPaths(outDir: string) {
  return {
    outDir,
    deck: path.join(outDir, 'deck.json'),
    pptx: path.join(outDir, 'deck.pptx'),
    video: path.join(outDir, 'lecture.mp4'),
    srt: path.join(outDir, 'lecture.srt'),
    vtt: path.join(outDir, 'lecture.vtt'),
    timings: path.join(outDir, 'timings.json'),
    profile: path.join(outDir, 'profile.json'),
    quiz: path.join(outDir, 'quiz.json'),
    lectureWav: path.join(outDir, 'audio', 'lecture.wav'),
    framesDir: path.join(outDir, 'frames'),
    audioDir: path.join(outDir, 'audio'),
    imagesDir: path.join(outDir, 'images'),
    workDir: path.join(outDir, '.work'),
    frame: (slide: number) => path.join(outDir, 'frames', `slide-${String(slide).padStart(3, '0')}.png`),
    slideAudio: (slide: number) => path.join(outDir, 'audio', `slide-${String(slide).padStart(3, '0')}.m4a`),
  };
}

export type OutputPaths = ReturnType<typeof outputPaths>;

/** A folder name from a title or file name: lowercase ASCII words joined by dashes. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'lecture';
}

/** The output folder: --out, else ./lectures/<name of the notes file, or the title>. */
export function resolveOutDir(out: string | undefined, file: string | undefined, title: string): string {
  const baseName = file ? path.basename(file, path.extname(file)) : title;
  return path.resolve(out ?? path.join('lectures', slugify(baseName)));
}
