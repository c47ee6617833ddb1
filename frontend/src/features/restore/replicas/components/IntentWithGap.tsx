import { Badge, Group, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";

import { intentLabel } from "@/features/restore/shared/lib/intents";

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
