/**
 * A Markdown notes deck of any size, for benchmarks and scale tests: varied layouts (bullets,
 * nested bullets, numbered lists, code) and 2–3 sentences of narration per slide.
 */
export function syntheticNotes(slides: number, options: { title?: string; theme?: 'light' | 'dark' } = {}): string {
  const parts = [`---\ntitle: ${options.title ?? `Synthetic lecture of ${slides} slides`}\nlang: en\ntheme: ${options.theme ?? 'light'}\n---\n`];
  parts.push(`# ${options.title ?? `Synthetic lecture of ${slides} slides`}\n\n## Generated for benchmarks\n\n<!-- Welcome. This lecture has ${slides} slides and exists to measure how fast LECTRA works. -->\n`);
  for (let i = 2; i <= slides; i++) parts.push(syntheticSlide(i));
  return parts.join('\n---\n\n');
}

function syntheticSlide(n: number): string {
  const narration = `<!-- Slide ${n} looks at topic number ${n}. We cover why it matters, how it works, and one example you can try. Keep the key idea in mind as we move on. -->`;
  switch (n % 4) {
    case 0:
      return `# Topic ${n}: a worked example\n\n\`\`\`python\ndef area(width, height):\n    return width * height\n\nprint(area(${n}, 4))\n\`\`\`\n\n${narration}\n`;
    case 1:
      return `# Topic ${n}: three steps\n\n1. Observe what happens first\n2. Measure the **key quantity** ${n} times\n3. Compare against the model\n\n${narration}\n`;
    case 2:
      return `# Topic ${n}: structure\n\n- The main idea of part ${n}\n  - a detail that supports it\n  - another detail\n- A second idea with a longer sentence that has to wrap onto the next line of the slide\n\n${narration}\n`;
    default:
      return `# Topic ${n}: key points\n\n- Why topic ${n} matters\n- How it connects to topic ${n - 1}\n- What to remember\n\n${narration}\n`;
  }
}
