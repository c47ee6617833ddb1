import { Text, Tooltip } from "@mantine/core";

/** "2026-11-22 05:41:23Z" — operators compare times across systems, so the UI speaks UTC. */
export function formatUtc(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

/** "3 min ago", "in 2 d"; coarse on purpose. */
export function formatRelative(value: string, now: number = Date.now()): string {
  const at = new Date(value).getTime();
  if (Number.isNaN(at)) return "";
  const seconds = Math.round((at - now) / 1000);
  const abs = Math.abs(seconds);
  const [amount, unit] =
    abs < 60
      ? [abs, "s"]
      : abs < 3600
        ? [Math.round(abs / 60), "min"]
        : abs < 86400
          ? [Math.round(abs / 3600), "h"]
          : [Math.round(abs / 86400), "d"];
  return seconds <= 0 ? `${amount} ${unit} ago` : `in ${amount} ${unit}`;
}

interface TimestampProps {
  value: string | null | undefined;
  /** Text when the value is null, e.g. "never". */
  empty?: string;
  size?: "xs" | "sm" | "md";
}

export function Timestamp({ value, empty = "—", size = "sm" }: TimestampProps) {
  if (!value) {
    return (
      <Text size={size} c="dimmed" span>
        {empty}
      </Text>
    );
  }
  const local = new Date(value).toLocaleString();
  return (
    <Tooltip label={`${formatRelative(value)} · local ${local}`} withArrow openDelay={300}>
      <Text size={size} span style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
        <time dateTime={value}>{formatUtc(value)}</time>
      </Text>
    </Tooltip>
  );
}
