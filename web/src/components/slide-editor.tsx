import { useState } from 'preact/hooks';
import type { Deck } from '../api.js';
import { slideListText, withListText } from '../list-text.js';

/**
 * Edits one slide's title, first list (one item per line, two spaces of indent per sub-item
 * level) and narration; saving sends the whole deck back for a re-render. Blocks other than that
 * list are sent back as they came, and so is the list when its text was not touched.
 */
export function SlideEditor({ deck, index, disabled, onSave }: { deck: Deck; index: number; disabled: boolean; onSave: (deck: Deck) => void }) {
  const slide = deck.slides[index];
  const [initialItems] = useState(() => (slide ? slideListText(slide) : ''));
  const [title, setTitle] = useState(slide?.title ?? '');
  const [items, setItems] = useState(initialItems);
  const [narration, setNarration] = useState(slide?.narration ?? '');
  if (!slide) return null;

  const save = (event: Event) => {
    event.preventDefault();
    const blocks = items === initialItems ? slide.blocks : withListText(slide.blocks ?? [], items);
    const slides = deck.slides.map((s, i) => (i === index ? { ...s, title, blocks, narration } : s));
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
        <span class="label">List items <small>(one per line; indent two spaces for a sub-item)</small></span>
        <textarea
          class="list-items"
          data-testid="edit-bullets"
          rows={Math.min(Math.max(items.split('\n').length, 4), 12)}
          value={items}
          onInput={(e) => setItems(e.currentTarget.value)}
        />
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
