// Pictures in the real window, for the editor's end-to-end test and its benchmark: a large photo to
// paste, and pasting it as a person's paste hands it over.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Pastes the JPEG at `path` into the editor as a person's paste would hand it over (a paste event
 * whose clipboard holds the file), and waits in the page until its picture has loaded. Resolves with
 * the milliseconds from the paste to the picture's first paint, and its natural width.
 */
export function pastePicture(app, path) {
  const b64 = readFileSync(path).toString('base64');
  return app.session.executeAsync(
    `const [b64, done] = [arguments[0], arguments[arguments.length - 1]];
     const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
     const data = new DataTransfer();
     data.items.add(new File([bytes], 'harbour.jpg', { type: 'image/jpeg' }));
     const editor = document.querySelector('[data-testid="entry-editor"]');
     const before = document.querySelectorAll('[data-testid="entry-picture"]').length;
     const started = performance.now();
     editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
     const timer = setTimeout(() => done({ ms: null, width: 0 }), 20000);
     const look = () => {
       const all = document.querySelectorAll('[data-testid="entry-picture"]');
       const img = all[all.length - 1];
       if (all.length > before && img.complete && img.naturalWidth > 0) {
         // The frame that shows it.
         requestAnimationFrame(() => {
           clearTimeout(timer);
           done({ ms: Math.round(performance.now() - started), width: img.naturalWidth });
         });
       } else requestAnimationFrame(look);
     };
     look();`,
    [b64],
    { timeoutMs: 30_000 },
  );
}

/** A 4000 × 3000 JPEG (12 megapixels) of noise over a gradient, so it does not compress to nothing. */
export function twelveMegapixelPhoto() {
  const path = join(tmpdir(), `quire-photo-${process.pid}.jpg`);
  const made = spawnSync('convert', ['-size', '4000x3000', 'gradient:skyblue-navy', '-attenuate', '0.4', '+noise', 'Gaussian', '-quality', '90', path]);
  assert.equal(made.status, 0, `convert made the photo: ${made.stderr}`);
  return path;
}

