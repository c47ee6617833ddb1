import { Alert, Button, Group, List, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";

import { describeError } from "@/api/problem";

import { CopyableId } from "./CopyableId";

interface ProblemAlertProps {
  /** Anything a failed call produced; problem+json bodies show title, detail and request id. */
  error: unknown;
  onRetry?: () => void;
  testId?: string;
}

/** The error state of a view: what failed, why, and the request id to quote. */
export function ProblemAlert({ error, onRetry, testId = "error-state" }: ProblemAlertProps) {
  const view = describeError(error);
  return (
    <Alert
      color="red"
      variant="light"
      title={view.title}
      icon={<IconAlertTriangle size={18} />}
      data-testid={testId}
      role="alert"
    >
      <Stack gap="xs">
        <Text size="sm">{view.detail}</Text>
        {view.errors.length > 0 && (
          <List size="sm" spacing={2}>
            {view.errors.map((fieldError) => (
              <List.Item key={`${fieldError.field}:${fieldError.message}`}>
                <Text span fw={600} size="sm">
                  {fieldError.field}
                </Text>
                : {fieldError.message}
              </List.Item>
            ))}
          </List>
        )}
        {(view.requestId || view.type) && (
          <Group gap="md" wrap="wrap">
            {view.requestId && (
              <Group gap={6} wrap="nowrap" align="center">
                <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                  Request id
                </Text>
                <CopyableId value={view.requestId} label="request id" testId="error-request-id" wrap />
              </Group>
            )}
            {view.type && (
              <Text size="xs" c="dimmed">
                {view.type}
                {view.status ? ` · HTTP ${view.status}` : ""}
              </Text>
            )}
          </Group>
        )}
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Retry
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
