import { useState } from 'preact/hooks';
import type { Deck } from '../api.js';

/** Edits one slide's title, bullets and narration; saving sends the whole deck back for a re-render. */
export function SlideEditor({ deck, index, disabled, onSave }: { deck: Deck; index: number; disabled: boolean; onSave: (deck: Deck) => void }) {
  const slide = deck.slides[index];
  const [title, setTitle] = useState(slide?.title ?? '');
  const [bullets, setBullets] = useState((slide?.bullets ?? []).map((b) => b.text).join('\n'));
  const [narration, setNarration] = useState(slide?.narration ?? '');
  if (!slide) return null;

  const save = (event: Event) => {
    event.preventDefault();
    const lines = bullets.split('\n').map((l) => l.trim()).filter(Boolean);
    // Keep sub-bullets of bullets whose text did not change.
    const next = lines.map((text, i) => ({ text, children: slide.bullets[i]?.text === text ? slide.bullets[i]!.children : [] }));
    const slides = deck.slides.map((s, i) => (i === index ? { ...s, title, bullets: next, narration } : s));
    onSave({ ...deck, slides });
  };

  return (
    <form class="card editor" onSubmit={save} data-testid="slide-editor">
      <h2>Edit slide {index + 1}</h2>
      <label class="field">
        <span class="label">Title</span>
        <input data-testid="edit-title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span class="label">Bullets <small>(one per line)</small></span>
        <textarea data-testid="edit-bullets" rows={4} value={bullets} onInput={(e) => setBullets(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span class="label">Narration</span>
        <textarea data-testid="edit-narration" rows={5} value={narration} onInput={(e) => setNarration(e.currentTarget.value)} />
      </label>
      <button class="primary" type="submit" disabled={disabled} data-testid="rerender">
        Save &amp; re-render
      </button>
    </form>
  );
}
