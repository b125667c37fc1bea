// Sentiment over time: the average of each day, week or month as an area around zero, with the
// range's overall average as a dashed line. Colours come from the theme's CSS variables, so the chart
// follows light and dark: history.css paints the lines, and the text (which the library styles inline)
// gets its fill here. The figure's caption says it all in words.
import { useMemo } from "react";
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TooltipContentProps } from "recharts";
import type { History, Period } from "../ipc/bindings";
import { describeHistory, periodName, tickLabel } from "./historyText";
import { SENTIMENT_MAX, SENTIMENT_MIN, formatSentiment, sentimentLabel } from "./moods";

interface Props {
  history: History;
  period: Period;
}

interface Datum {
  period: string;
  label: string;
  average: number | null;
  entries: number;
}

const HEIGHT = 260;
const TICKS = [-10, -5, 0, 5, 10];
const TICK_TEXT = { fill: "var(--muted)", fontSize: 11.5 };
// Dots help while there are few points; on a long line they only add noise.
const MAX_DOTTED_POINTS = 40;

export function SentimentChart({ history, period }: Props) {
  const data = useMemo<Datum[]>(
    () => history.points.map((point) => ({ ...point, label: tickLabel(point.period, period) })),
    [history.points, period],
  );
  const summary = describeHistory(history, period);
  const title = `Sentiment by ${period}, from ${SENTIMENT_MIN} to +${SENTIMENT_MAX}`;

  return (
    <figure className="sentiment-chart" data-testid="sentiment-chart" aria-label={title}>
      <ResponsiveContainer width="100%" height={HEIGHT} initialDimension={{ width: 640, height: HEIGHT }}>
        <AreaChart data={data} title={title} desc={summary} margin={{ top: 16, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid vertical={false} />
          <XAxis
            dataKey="label"
            tick={TICK_TEXT}
            tickLine={false}
            minTickGap={24}
            padding={{ left: 12, right: 12 }}
          />
          <YAxis
            tick={TICK_TEXT}
            domain={[SENTIMENT_MIN, SENTIMENT_MAX]}
            ticks={TICKS}
            tickFormatter={(value: number) => formatSentiment(value)}
            tickLine={false}
            axisLine={false}
            width={36}
          />
          <ReferenceLine y={0} className="chart-zero" />
          {history.average !== null && (
            <ReferenceLine
              y={history.average}
              className="chart-average"
              strokeDasharray="5 4"
              label={{
                value: `Average ${formatSentiment(history.average)}`,
                position: "insideTopRight",
                fill: "var(--warn)",
                fontSize: 11.5,
                fontWeight: 600,
              }}
            />
          )}
          <Tooltip content={(props) => <PointTooltip {...props} period={period} />} />
          <Area
            type="monotone"
            dataKey="average"
            name="Average sentiment"
            className="chart-area"
            baseValue={0}
            dot={data.length <= MAX_DOTTED_POINTS}
            activeDot={{ r: 5 }}
          />
        </AreaChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden" data-testid="sentiment-summary">
        {summary}
      </figcaption>
    </figure>
  );
}

function PointTooltip({ active, payload, period }: TooltipContentProps & { period: Period }) {
  const datum = payload?.[0]?.payload as Datum | undefined;
  if (!active || !datum) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{capitalize(periodName(datum.period, period))}</p>
      <p className="chart-tooltip-value">
        {datum.average === null ? "Not read yet" : sentimentLabel(datum.average)}
        {" · "}
        {datum.entries} {datum.entries === 1 ? "entry" : "entries"}
      </p>
    </div>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
