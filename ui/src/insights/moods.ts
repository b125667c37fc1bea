// Moods and sentiment as a person reads them: each mood's colour, and scores such as "Positive (+6)".
import type { AnalysisBrief, EntryAnalysis, Mood } from "../ipc/bindings";

/** "Calm", for headings; the chips use the plain word. */
export function moodName(mood: Mood): string {
  return mood.charAt(0).toUpperCase() + mood.slice(1);
}

/** What the entry list keeps of a full analysis. */
export function briefOf(analysis: EntryAnalysis): AnalysisBrief {
  const { mood, colour, sentiment, summary } = analysis;
  return { mood, colour, sentiment, summary };
}

export const SENTIMENT_MIN = -10;
export const SENTIMENT_MAX = 10;

const signed = new Intl.NumberFormat(undefined, { signDisplay: "exceptZero", maximumFractionDigits: 1 });

/** "+6", "-2.5", "0". */
export function formatSentiment(value: number): string {
  return signed.format(value);
}

/** One or two words for a score, on the same scale for an entry and for an average. */
export function sentimentWord(value: number): string {
  if (value >= 7) return "Very positive";
  if (value >= 1) return "Positive";
  if (value <= -7) return "Very negative";
  if (value <= -1) return "Negative";
  return "Neutral";
}

/** "Positive (+6)". */
export function sentimentLabel(value: number): string {
  return `${sentimentWord(value)} (${formatSentiment(value)})`;
}

/** The colour the analysis gave a mood, if it is a plain `#rrggbb`; otherwise the muted text colour. */
export function moodColour(colour: string): string {
  return /^#[0-9a-f]{6}$/i.test(colour) ? colour : "var(--muted)";
}
