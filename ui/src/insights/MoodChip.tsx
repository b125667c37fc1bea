// A mood as a small coloured dot and its word, on entry cards and wherever an entry is listed.
import type { Mood } from "../ipc/bindings";
import { moodColour } from "./moods";

export function MoodChip({ mood, colour }: { mood: Mood; colour: string }) {
  return (
    <span className="mood-chip" data-testid="mood-chip" data-mood={mood} title={`Mood: ${mood}`}>
      <span className="mood-dot" style={{ backgroundColor: moodColour(colour) }} aria-hidden="true" />
      {mood}
    </span>
  );
}
