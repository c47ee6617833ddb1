import { Text, Tooltip } from "@mantine/core";

import { formatRelative, formatUtc } from "@/components/Timestamp";

/** "3 min ago", with the exact UTC time (and local time) on hover. */
export function RelativeTime({ value, empty = "never", testId }: { value: string | null; empty?: string; testId?: string }) {
  if (!value) {
    return (
      <Text size="sm" c="dimmed" span data-testid={testId}>
        {empty}
      </Text>
    );
  }
  return (
    <Tooltip label={`${formatUtc(value)} · local ${new Date(value).toLocaleString()}`} withArrow openDelay={200}>
      <Text size="sm" span style={{ whiteSpace: "nowrap" }} data-testid={testId}>
        <time dateTime={value} title={formatUtc(value)}>
          {formatRelative(value)}
        </time>
      </Text>
    </Tooltip>
  );
}
