// The history chart in words: tick labels, point names, and the summary a screen reader hears
// instead of the picture ("Average sentiment +2.4 over 38 entries. Highest: …").
import type { History, Period, SentimentPoint } from "../ipc/bindings";
import { formatDate, formatMonth, formatShortDay, parseDay } from "../ui/format";
import { formatSentiment, sentimentWord } from "./moods";

/** Under a point on the time axis: "3 Mar", or "Mar 2026" by month. */
export function tickLabel(day: string, period: Period): string {
  const ms = parseDay(day);
  return period === "month" ? formatMonth(ms) : formatShortDay(ms);
}

/** A point's period in a sentence: "3 Mar 2026", "the week of 3 Mar 2026", "March 2026". */
export function periodName(day: string, period: Period): string {
  const ms = parseDay(day);
  if (period === "month") return formatMonth(ms, true);
  if (period === "week") return `the week of ${formatDate(ms)}`;
  return formatDate(ms);
}

/** The text alternative to the chart. */
export function describeHistory(history: History, period: Period): string {
  const rated = history.points.filter((point): point is SentimentPoint & { average: number } => point.average !== null);
  if (history.average === null || rated.length === 0) return "No analysed entries in this range yet.";
  const entries = rated.reduce((sum, point) => sum + point.entries, 0);
  const overall =
    `Average sentiment ${formatSentiment(history.average)} (${sentimentWord(history.average).toLowerCase()}) ` +
    `over ${entries} ${entries === 1 ? "entry" : "entries"}, by ${period}.`;
  if (rated.length < 2) return overall;
  let high = rated[0];
  let low = rated[0];
  for (const point of rated) {
    if (point.average > high.average) high = point;
    if (point.average < low.average) low = point;
  }
  const name = (point: SentimentPoint & { average: number }) =>
    `${periodName(point.period, period)} (${formatSentiment(point.average)})`;
  return `${overall} Highest: ${name(high)}. Lowest: ${name(low)}.`;
}
