/** What the editor starts with: a short deck that shows the notes format. */
export const SAMPLE_NOTES = `---
title: How Vaccines Work
lang: en
---

# How Vaccines Work
## Training the immune system

<!-- Vaccines teach the body to recognise a germ before it ever meets it. In three short slides, we will see how. -->

---

# The immune response

- **Antigens** are the molecules the body learns to spot
- B cells make antibodies that bind to them
- Memory cells remember the shape for years

<!-- Every germ carries antigens. When the immune system meets one, B cells make antibodies that fit it, and memory cells keep the recipe. -->

---

# What a vaccine adds

1. A harmless copy of the antigen
2. A first, mild immune response
3. Fast protection on the next encounter

<!-- A vaccine shows the body a harmless copy of the antigen. The next time the real germ appears, the response is fast and strong. -->
`;
