import { Badge, Group, Stack, Text } from "@mantine/core";

import type { Capability } from "@/features/restore/shared/api/restore";

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
