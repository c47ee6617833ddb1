import { Badge, Card, Group, SimpleGrid, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { IconCircleCheck, IconCircleX, IconHelpCircle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";

import { $api } from "@/api/query";
import { CopyableId } from "@/components/CopyableId";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { Timestamp } from "@/components/Timestamp";

import { DEPENDENCIES, DEPENDENCY_ORDER, READINESS_REFRESH_MS, readinessQueryOptions } from "@/features/overview/api/readiness";
import type { DependencyCheck, DependencyName } from "@/features/overview/api/types";
import { StatusCards } from "@/features/overview/components/StatusCards";

function ReadinessCard({ name, check }: { name: DependencyName; check: DependencyCheck | undefined }) {
  const meta = DEPENDENCIES[name];
  const state = check === undefined ? "unknown" : check.ok ? "ok" : "failed";
  const color = state === "ok" ? "teal" : state === "failed" ? "red" : "gray";
  const Icon = state === "ok" ? IconCircleCheck : state === "failed" ? IconCircleX : IconHelpCircle;
  return (
    <Card withBorder padding="lg" radius="md" data-testid={`ready-card-${name}`} data-state={state}>
      <Group justify="space-between" wrap="nowrap" mb="xs">
        <Group gap="xs" wrap="nowrap">
          <Icon size={22} color={`var(--mantine-color-${color}-6)`} aria-hidden />
          <Title order={4}>{meta.label}</Title>
        </Group>
        <Badge color={color} variant="light" data-testid="ready-status">
          {state === "ok" ? "OK" : state === "failed" ? "Failed" : "Not reported"}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        {meta.role}
      </Text>
      <Text size="sm" c={state === "failed" ? "red" : undefined} style={{ wordBreak: "break-word" }}>
        {check ? check.detail || "—" : "The readiness endpoint did not report this dependency."}
      </Text>
      {check && (
        <Text size="xs" c="dimmed" mt="xs" style={{ fontVariantNumeric: "tabular-nums" }}>
          Latency {check.latency_ms.toFixed(1)} ms
        </Text>
      )}
    </Card>
  );
}

function ReadinessPanel() {
  const readiness = useQuery(readinessQueryOptions);
  if (readiness.isPending) {
    return (
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {DEPENDENCY_ORDER.map((name) => (
          <Skeleton key={name} height={150} radius="md" />
        ))}
      </SimpleGrid>
    );
  }
  if (readiness.data === undefined) {
    return <ProblemAlert error={readiness.error} onRetry={() => void readiness.refetch()} />;
  }
  const byName = new Map(readiness.data.checks.map((check) => [check.name, check]));
  const ready = readiness.data.status === "ready";
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Badge size="lg" color={ready ? "teal" : "red"} data-testid="ready-overall">
          {ready ? "Ready" : "Not ready"}
        </Badge>
        <Text size="xs" c="dimmed">
          Checked <Timestamp value={new Date(readiness.dataUpdatedAt).toISOString()} size="xs" /> · refreshes every{" "}
          {READINESS_REFRESH_MS / 1000} s{readiness.isFetching ? " · refreshing…" : ""}
        </Text>
      </Group>
      {readiness.isError && <ProblemAlert error={readiness.error} onRetry={() => void readiness.refetch()} />}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {DEPENDENCY_ORDER.map((name) => (
          <ReadinessCard key={name} name={name} check={byName.get(name)} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function SystemInfoPanel() {
  const info = $api.useQuery("get", "/api/v1/system/info");
  if (info.isPending) return <Skeleton height={90} radius="md" />;
  if (info.isError) return <ProblemAlert error={info.error} onRetry={() => void info.refetch()} />;
  return (
    <Card withBorder padding="lg" radius="md" data-testid="system-info">
      <Table variant="vertical" layout="fixed" withRowBorders={false}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={140}>Version</Table.Th>
            <Table.Td data-testid="system-version">{info.data.version}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Git SHA</Table.Th>
            <Table.Td>
              <CopyableId value={info.data.git_sha} label="git sha" truncate={12} testId="system-git-sha" />
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Environment</Table.Th>
            <Table.Td>{info.data.environment}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Card>
  );
}

export function OverviewPage() {
  return (
    <>
      <PageHeader title="Overview" description="The fleet, active jobs and restore health at a glance; Lifeboat's own dependencies and build." />
      <Stack gap="xl">
        <section aria-labelledby="status-heading">
          <Title order={3} size="h4" mb="sm" id="status-heading">
            Operations
          </Title>
          <StatusCards />
        </section>
        <section aria-labelledby="readiness-heading">
          <Title order={3} size="h4" mb="sm" id="readiness-heading">
            Readiness
          </Title>
          <ReadinessPanel />
        </section>
        <section aria-labelledby="build-heading">
          <Title order={3} size="h4" mb="sm" id="build-heading">
            This instance
          </Title>
          <SystemInfoPanel />
        </section>
        <Text size="sm" c="dimmed">
          The DR banner (when a runbook is pending) will appear here once disaster recovery is built.
        </Text>
      </Stack>
    </>
  );
}
