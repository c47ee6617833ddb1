import { Tooltip } from "@mantine/core";

import type { ProbePoint } from "@/features/fleet/api/types";
import { formatLatency } from "@/features/fleet/lib/grouping";
import { sparkline } from "@/features/fleet/lib/sparkline";

const WIDTH = 96;
const HEIGHT = 24;

/** Probe latency over the last probes (failed probes as red dots); an SVG, no chart library. */
export function LatencySparkline({ history }: { history: ProbePoint[] }) {
  const line = sparkline(history, WIDTH, HEIGHT);
  const failed = line.points.filter((point) => !point.ok).length;
  const label = `${history.length} probes, peak ${formatLatency(line.maxMs)}${failed ? `, ${failed} failed` : ""}`;
  return (
    <Tooltip label={label} withArrow openDelay={200}>
      <svg
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Probe latency: ${label}`}
        data-testid="latency-sparkline"
        data-points={line.points.length}
        style={{ display: "block", flex: "none" }}
      >
        <line x1={0} x2={WIDTH} y1={HEIGHT - 1} y2={HEIGHT - 1} stroke="var(--mantine-color-default-border)" strokeWidth={1} />
        {line.path && (
          <polyline points={line.path} fill="none" stroke="var(--mantine-color-blue-5)" strokeWidth={1.5} strokeLinejoin="round" />
        )}
        {line.points.map((point, index) =>
          !point.ok || index === line.points.length - 1 ? (
            <circle
              key={index}
              cx={point.x}
              cy={point.y}
              r={point.ok ? 1.8 : 2.4}
              fill={point.ok ? "var(--mantine-color-blue-6)" : "var(--mantine-color-red-6)"}
            />
          ) : null,
        )}
      </svg>
    </Tooltip>
  );
}
