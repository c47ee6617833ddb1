// Small pieces the restore tabs share.
import { Badge, Group, Stack, Text, Tooltip } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";

import { formatRelative, formatUtc } from "@/components/Timestamp";

import type { Capability } from "@/features/restore/shared/api/types";
import { intentLabel } from "@/features/restore/shared/lib/intents";

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

/** The intent, and when the consumer cannot serve it, a gap chip with the reason. */
export function IntentWithGap({ intent, gap }: { intent: string; gap: { reason: string } | null }) {
  return (
    <Stack gap={4} align="flex-start">
      <Text size="sm" fw={500} data-testid="replica-intent">
        {intentLabel(intent)}
      </Text>
      {gap && (
        <Group gap={6} wrap="nowrap" align="flex-start" data-testid="replica-gap" data-reason={gap.reason}>
          <Badge color="orange" variant="light" size="sm" leftSection={<IconAlertTriangle size={12} />} style={{ flexShrink: 0 }}>
            gap
          </Badge>
          <Text size="xs" c="orange.8" maw={300} data-testid="replica-gap-reason">
            {gap.reason}; not on the worklist
          </Text>
        </Group>
      )}
    </Stack>
  );
}

/** One line per registered intent: the intent and its backup types. */
export function CapabilityList({ capabilities }: { capabilities: readonly Capability[] }) {
  if (capabilities.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        none
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      {capabilities.map((capability) => (
        <Group key={capability.intent} gap={6} wrap="nowrap" data-testid="consumer-capability" data-intent={capability.intent}>
          <Badge variant="light" size="sm" style={{ flexShrink: 0 }}>
            {capability.intent}
          </Badge>
          <Text size="xs" c="dimmed">
            {capability.backup_types.join(", ")}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
