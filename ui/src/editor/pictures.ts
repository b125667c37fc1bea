// Pictures in an entry. The text keeps a Markdown image whose address is `picture:<id>`, with an
// optional display width after a bar in its description (`![Harbour|480](picture:0193…)`, the form
// Obsidian also reads). The picture itself lives in the encrypted journal; the page loads it through
// Quire's own `quire:` protocol (src-tauri/shell/pictures.rs), which also takes new pictures, sent
// as they are, without any encoding. Under each image line the editor shows the picture, which can be
// resized by dragging its corner.
import { StateField } from "@codemirror/state";
import type { ChangeSet, EditorState, Range } from "@codemirror/state";
import { Decoration, EditorView, WidgetType } from "@codemirror/view";
import type { DecorationSet } from "@codemirror/view";

/** `![description](picture:id)`; the description may end in `|width`. */
const PICTURE = /!\[([^\]\n]*)\]\(picture:([0-9a-f-]{36})\)/g;
export const MAX_PICTURE_BYTES = 25 * 1024 * 1024;
const PICTURE_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"];
const MIN_WIDTH = 80;

export interface PictureRef {
  id: string;
  description: string;
  width: number | null;
  /** Where the description's text starts and ends in the document. */
  from: number;
  to: number;
  /** Where `(picture:<id>)` ends. */
  end: number;
}

/** The description split into its words and its width: "Harbour|480" → ["Harbour", 480]. */
function splitDescription(text: string): [string, number | null] {
  const bar = /\|(\d{2,4})$/.exec(text);
  return bar ? [text.slice(0, bar.index), Number(bar[1])] : [text, null];
}

export function picturesIn(text: string, offset = 0): PictureRef[] {
  const found: PictureRef[] = [];
  PICTURE.lastIndex = 0;
  for (let match = PICTURE.exec(text); match; match = PICTURE.exec(text)) {
    const [description, width] = splitDescription(match[1]);
    const from = offset + match.index + 2;
    found.push({ id: match[2], description, width, from, to: from + match[1].length, end: offset + match.index + match[0].length });
  }
  return found;
}

/** The Markdown for a new picture. */
export function pictureMarkdown(id: string, description = ""): string {
  return `![${description.replace(/[[\]\n|]/g, " ").trim()}](picture:${id})`;
}

/** The address the page loads a picture from: the display copy, or the original. */
export function pictureUrl(id: string, original = false): string {
  const path = `picture/${id}${original ? "?original" : ""}`;
  const internals = (window as { __TAURI_INTERNALS__?: { convertFileSrc(path: string, protocol: string): string } })
    .__TAURI_INTERNALS__;
  return internals ? internals.convertFileSrc(path, "quire") : `quire://localhost/${path}`;
}

/** What the protocol answers for a new picture. */
export interface AddedPicture {
  id: string;
  width: number;
  height: number;
}

/** A sentence to show, before anything is sent, for a file Quire will not take; null when it may. */
export function refusal(file: File): string | null {
  if (file.size > MAX_PICTURE_BYTES) {
    const mb = (file.size / (1024 * 1024)).toFixed(1);
    return `This picture is ${mb} MB; Quire keeps pictures up to 25 MB. Make it smaller and add it again.`;
  }
  if (file.type && !PICTURE_TYPES.includes(file.type)) {
    return `Quire can add PNG, JPEG, WebP and GIF pictures; ${file.name || "this file"} is not one of them.`;
  }
  return null;
}

/** Sends a picture to the journal, kept with the entry `entryId`. Rejects with a sentence to show. */
export async function addPicture(entryId: string, file: Blob): Promise<AddedPicture> {
  const address = pictureUrl("new").replace(/picture(%2F|\/)new$/, `picture?entry=${encodeURIComponent(entryId)}`);
  let response: Response;
  try {
    // The bytes, not the Blob: WebKitGTK's web process stops on a Blob body sent to a custom protocol.
    const body = new Uint8Array(await file.arrayBuffer());
    response = await fetch(address, { method: "POST", body, headers: { "Content-Type": "application/octet-stream" } });
  } catch {
    throw new Error("Quire could not take the picture. Try again; if it keeps failing, restart Quire.");
  }
  const answer = (await response.json().catch(() => null)) as { message?: string } | AddedPicture | null;
  if (!response.ok || !answer || !("id" in answer)) {
    throw new Error((answer && "message" in answer && answer.message) || "Quire could not keep the picture. Try again.");
  }
  return answer;
}

class PictureWidget extends WidgetType {
  constructor(
    readonly id: string,
    readonly description: string,
    readonly width: number | null,
  ) {
    super();
  }

  override eq(other: PictureWidget): boolean {
    return other.id === this.id && other.width === this.width && other.description === this.description;
  }

  override toDOM(view: EditorView): HTMLElement {
    const frame = document.createElement("div");
    frame.className = "cm-picture";
    const image = document.createElement("img");
    image.src = pictureUrl(this.id);
    image.alt = this.description;
    image.draggable = false;
    image.dataset.testid = "entry-picture";
    image.dataset.pictureId = this.id;
    if (this.width) image.width = this.width;
    image.addEventListener("error", () => frame.classList.add("cm-picture-missing"));
    const handle = document.createElement("span");
    handle.className = "cm-picture-handle";
    handle.title = "Drag to resize";
    handle.addEventListener("pointerdown", (event) => this.resize(view, image, handle, event));
    frame.append(image, handle);
    return frame;
  }

  /** Drags the corner; on release the width goes into the text, one undoable change. */
  private resize(view: EditorView, image: HTMLImageElement, handle: HTMLElement, start: PointerEvent): void {
    start.preventDefault();
    handle.setPointerCapture(start.pointerId);
    const startWidth = image.getBoundingClientRect().width;
    const limit = view.contentDOM.getBoundingClientRect().width;
    let width = startWidth;
    const move = (event: PointerEvent) => {
      width = Math.round(Math.min(limit, Math.max(MIN_WIDTH, startWidth + event.clientX - start.clientX)));
      image.width = width;
    };
    const end = () => {
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", end);
      handle.removeEventListener("pointercancel", end);
      const at = view.posAtDOM(image);
      const ref = picturesIn(view.state.doc.lineAt(at).text, view.state.doc.lineAt(at).from).find((found) => found.id === this.id);
      if (!ref || width === startWidth || view.state.readOnly) return;
      const description = `${ref.description}|${width}`;
      view.dispatch({ changes: { from: ref.from, to: ref.to, insert: description }, userEvent: "input.resize" });
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", end);
    handle.addEventListener("pointercancel", end);
  }

  override ignoreEvent(): boolean {
    return true;
  }
}

const hiddenAddress = Decoration.replace({});

/**
 * Each picture under its line, and its address (`(picture:<id>)`) folded away unless the caret is on
 * that line, where the Markdown shows whole to be edited.
 */
function pictureDecorations(state: EditorState): DecorationSet {
  const decorations: Range<Decoration>[] = [];
  const text = state.doc.toString();
  // Cheap first: most entries have no pictures at all.
  if (!text.includes("](picture:")) return Decoration.none;
  const caretLines = new Set(state.selection.ranges.map((range) => state.doc.lineAt(range.head).number));
  for (const ref of picturesIn(text)) {
    const line = state.doc.lineAt(ref.from);
    if (!caretLines.has(line.number)) decorations.push(hiddenAddress.range(ref.to + 1, ref.end));
    decorations.push(
      Decoration.widget({ widget: new PictureWidget(ref.id, ref.description, ref.width), block: true, side: 1 }).range(line.to),
    );
  }
  return Decoration.set(decorations, true);
}

/** The pictures under their lines; block widgets have to come from a state field. */
export const pictureWidgets = StateField.define<DecorationSet>({
  create: pictureDecorations,
  update(value, tr) {
    if (!tr.docChanged && !tr.selection) return value;
    // Most entries have no pictures: then only an edit on a line that now holds one needs a look.
    if (value.size === 0 && !(tr.docChanged && touchesPicture(tr.state, tr.changes))) return value;
    return pictureDecorations(tr.state);
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** Whether a line the change touched now holds a picture's Markdown. */
function touchesPicture(state: EditorState, changes: ChangeSet): boolean {
  let found = false;
  changes.iterChangedRanges((_fromA, _toA, fromB, toB) => {
    if (found) return;
    found = state.sliceDoc(state.doc.lineAt(fromB).from, state.doc.lineAt(toB).to).includes("](picture:");
  });
  return found;
}

/** Image files among what was pasted or dropped. */
export function imageFiles(data: DataTransfer | null): File[] {
  if (!data) return [];
  return [...data.files].filter((file) => file.type.startsWith("image/") || file.type === "");
}
