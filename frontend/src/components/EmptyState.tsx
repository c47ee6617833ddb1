import { Center, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconInbox } from "@tabler/icons-react";
import type { ReactNode } from "react";

interface EmptyStateProps {
  title: string;
  children?: ReactNode;
  icon?: ReactNode;
  testId?: string;
}

/** Shown when a view has nothing to show; says so plainly, never with fake data. */
export function EmptyState({ title, children, icon, testId = "empty-state" }: EmptyStateProps) {
  return (
    <Center py="xl" data-testid={testId}>
      <Stack align="center" gap="xs" maw={560}>
        <ThemeIcon variant="light" color="gray" size={48} radius="xl">
          {icon ?? <IconInbox size={26} />}
        </ThemeIcon>
        <Title order={4} ta="center">
          {title}
        </Title>
        {children && (
          <Text c="dimmed" ta="center" size="sm" component="div">
            {children}
          </Text>
        )}
      </Stack>
    </Center>
  );
}
