// Mood colours and sentiment words, and the history chart's text alternative.
import { describe, expect, it } from "vitest";
import type { History } from "../ipc/bindings";
import { describeHistory, periodName, tickLabel } from "./historyText";
import { formatSentiment, moodColour, sentimentLabel } from "./moods";

describe("moods", () => {
  it("trusts only plain #rrggbb colours from outside", () => {
    expect(moodColour("#123abc")).toBe("#123abc");
    expect(moodColour("red; background: url(x)")).toBe("var(--muted)");
    expect(moodColour("")).toBe("var(--muted)");
  });

  it("puts sentiment in words with its sign", () => {
    expect(sentimentLabel(6)).toBe("Positive (+6)");
    expect(sentimentLabel(9)).toBe("Very positive (+9)");
    expect(sentimentLabel(0)).toBe("Neutral (0)");
    expect(sentimentLabel(-0.4)).toBe("Neutral (-0.4)");
    expect(sentimentLabel(-3)).toBe("Negative (-3)");
    expect(sentimentLabel(-10)).toBe("Very negative (-10)");
    expect(formatSentiment(2.44)).toBe("+2.4");
  });
});

describe("the history in words", () => {
  const history: History = {
    points: [
      { period: "2026-01-05", average: -2, entries: 1 },
      { period: "2026-01-12", average: null, entries: 2 },
      { period: "2026-03-02", average: 4.5, entries: 3 },
    ],
    average: 2.7,
    moods: [],
    unanalysed: 2,
  };

  it("names periods as a person would", () => {
    expect(tickLabel("2026-03-02", "day")).toBe("2 Mar");
    expect(tickLabel("2026-03-02", "month")).toBe("Mar 2026");
    expect(periodName("2026-03-02", "week")).toBe("the week of 2 Mar 2026");
    expect(periodName("2026-03-01", "month")).toBe("March 2026");
  });

  it("gives the average, the highest and the lowest, leaving out periods not read yet", () => {
    expect(describeHistory(history, "week")).toBe(
      "Average sentiment +2.7 (positive) over 4 entries, by week. " +
        "Highest: the week of 2 Mar 2026 (+4.5). Lowest: the week of 5 Jan 2026 (-2).",
    );
    expect(describeHistory({ ...history, points: history.points.slice(2), average: 4.5 }, "day")).toBe(
      "Average sentiment +4.5 (positive) over 3 entries, by day.",
    );
    expect(describeHistory({ points: [], average: null, moods: [], unanalysed: 0 }, "month")).toBe(
      "No analysed entries in this range yet.",
    );
  });
});
