import { Box, Group, Stack, Text } from "@mantine/core";
import { IconKey, IconUsers } from "@tabler/icons-react";
import { Outlet } from "@tanstack/react-router";

import { RouterNavLink } from "@/components/RouterNavLink";

/** Settings has its own sub-navigation; each entry is a deep-linkable route. */
export function SettingsLayout() {
  return (
    <Group align="flex-start" gap="lg" wrap="wrap">
      <Stack gap={2} w={220} component="nav" aria-label="Settings" data-testid="settings-nav">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
          Settings
        </Text>
        <RouterNavLink to="/settings/tokens" label="API tokens" leftSection={<IconKey size={16} />} data-testid="settings-nav-tokens" />
        <RouterNavLink
          to="/settings/users"
          label="Users (not built yet)"
          leftSection={<IconUsers size={16} />}
          data-testid="settings-nav-users"
        />
      </Stack>
      <Box style={{ flex: 1, minWidth: 320 }}>
        <Outlet />
      </Box>
    </Group>
  );
}
