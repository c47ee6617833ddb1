import { Center, Container, Group, Stack, Title } from "@mantine/core";
import { useRouter, type ErrorComponentProps } from "@tanstack/react-router";

import { EmptyState } from "@/components/EmptyState";
import { ProblemAlert } from "@/components/ProblemAlert";
import { RouterAnchor } from "@/components/RouterAnchor";

/** A route failed to load (API error, lost chunk): say what failed and offer a retry. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  return (
    <Container size="sm" py="xl">
      <ProblemAlert
        error={error}
        onRetry={() => {
          reset();
          void router.invalidate();
        }}
      />
    </Container>
  );
}

/** The session check itself failed (not a 401): the API may be down. */
export function SessionError(props: ErrorComponentProps) {
  return (
    <Center mih="100vh">
      <Stack w="100%" maw={560} p="md">
        <Title order={2}>Lifeboat</Title>
        <RouteError {...props} />
      </Stack>
    </Center>
  );
}

export function NotFound() {
  return (
    <EmptyState title="Page not found">
      Nothing lives at this address.
      <Group justify="center" mt="sm">
        <RouterAnchor to="/">Go to the overview</RouterAnchor>
      </Group>
    </EmptyState>
  );
}
