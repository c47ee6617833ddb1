import { Badge, Code, Skeleton, Stack, Table, Text } from "@mantine/core";
import { IconPlugConnected } from "@tabler/icons-react";

import { $api } from "@/api/query";
import { CopyableId } from "@/components/CopyableId";
import { EmptyState } from "@/components/EmptyState";
import { ProblemAlert } from "@/components/ProblemAlert";
import { RouterAnchor } from "@/components/RouterAnchor";

import { RESTORE_REFRESH_MS, type Consumer } from "@/features/restore/shared/api/restore";
import { RelativeTime } from "@/features/restore/shared/components/RelativeTime";
import { CapabilityList } from "../components/CapabilityList";

function ConsumerRow({ consumer }: { consumer: Consumer }) {
  return (
    <Table.Tr data-testid="consumer-row" data-consumer-id={consumer.id} data-registered={String(consumer.registered)}>
      <Table.Td>
        <Stack gap={2}>
          <Text size="sm" fw={600} data-testid="consumer-name">
            {consumer.name}
          </Text>
          <CopyableId value={consumer.id} label="consumer id" truncate={22} />
        </Stack>
      </Table.Td>
      <Table.Td>
        {consumer.registered ? (
          <CapabilityList capabilities={consumer.capabilities} />
        ) : (
          <Badge color="gray" variant="light" data-testid="consumer-unregistered">
            not registered
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {consumer.agent_version ? (
          <Code data-testid="consumer-agent-version">{consumer.agent_version}</Code>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <RelativeTime value={consumer.last_seen_at} testId="consumer-last-seen" />
      </Table.Td>
      <Table.Td>
        <RelativeTime value={consumer.capabilities_updated_at} />
      </Table.Td>
      <Table.Td>
        <RouterAnchor
          to="/restore/replicas"
          search={{ consumer: consumer.id }}
          size="sm"
          style={{ fontVariantNumeric: "tabular-nums" }}
          data-testid="consumer-declarations"
        >
          {consumer.declarations}
        </RouterAnchor>
      </Table.Td>
      <Table.Td>
        {consumer.gaps > 0 ? (
          <Badge color="orange" variant="light" data-testid="consumer-gaps">
            {consumer.gaps} {consumer.gaps === 1 ? "gap" : "gaps"}
          </Badge>
        ) : (
          <Text size="sm" c="dimmed" data-testid="consumer-gaps">
            0
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export function ConsumersTab() {
  const consumers = $api.useQuery("get", "/api/v1/restore/consumers", undefined, {
    refetchInterval: RESTORE_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
  const rows = consumers.data?.items ?? [];
  if (consumers.isPending) {
    return (
      <Stack gap={6} aria-busy="true" aria-label="Loading consumers">
        {Array.from({ length: 3 }, (_, index) => (
          <Skeleton key={index} height={48} />
        ))}
      </Stack>
    );
  }
  if (consumers.data === undefined) return <ProblemAlert error={consumers.error} onRetry={() => void consumers.refetch()} />;
  if (rows.length === 0) {
    return (
      <EmptyState title="No restore consumers yet" icon={<IconPlugConnected size={26} />} testId="consumers-empty">
        A consumer is a restore agent with an API token of role <Code>restore-consumer</Code> (Settings → API tokens). It
        appears here as soon as the token exists, and registers what it can serve with{" "}
        <Code>POST /api/v1/restore/capabilities</Code> (intents and backup types); then it polls{" "}
        <Code>GET /api/v1/restore/worklist</Code>.
      </EmptyState>
    );
  }
  return (
    <Stack gap="xs">
      {consumers.isError && <ProblemAlert error={consumers.error} onRetry={() => void consumers.refetch()} />}
      <Text size="xs" c="dimmed">
        Every principal with the restore-consumer role. Capabilities are what the consumer registered last (replace semantics);
        declarations it cannot serve are gaps.
      </Text>
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="consumers-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Consumer</Table.Th>
              <Table.Th>Capabilities (intent → backup types)</Table.Th>
              <Table.Th>Agent version</Table.Th>
              <Table.Th>Last seen</Table.Th>
              <Table.Th>Registered</Table.Th>
              <Table.Th>Declarations</Table.Th>
              <Table.Th>Gaps</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((consumer) => (
              <ConsumerRow key={consumer.id} consumer={consumer} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
