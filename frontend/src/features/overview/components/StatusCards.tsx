// The Overview's operational summary: fleet health, active jobs and restore health, each a card
// that links to its page. Every number comes from the same API the pages use.
import { Badge, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

import { $api } from "@/api/query";
import { RouterAnchor } from "@/components/RouterAnchor";
import {
  FLEET_HEALTHS,
  FLEET_HEALTH_COLORS,
  RESTORE_HEALTH_COLORS,
  RESTORE_HEALTH_LABELS,
  restoreHealthCounts,
} from "@/lib/healthStates";

const SUMMARY_REFRESH_MS = 15_000;
/** Jobs an operator may need to act on or wait for. */
const ACTIVE_JOB_STATUSES = ["running", "awaiting_approval", "pending", "cancelling"] as const;
const JOB_PAGE = 100;

function SummaryCard({ title, to, testId, children }: { title: string; to: string; testId: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" radius="md" data-testid={testId}>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{title}</Title>
        <RouterAnchor to={to} size="sm">
          Open
        </RouterAnchor>
      </Group>
      {children}
    </Card>
  );
}

function Unavailable() {
  return (
    <Text size="sm" c="dimmed">
      not available (see Readiness)
    </Text>
  );
}

function FleetCard() {
  const fleet = $api.useQuery("get", "/api/v1/fleet", {}, { refetchInterval: SUMMARY_REFRESH_MS });
  return (
    <SummaryCard title="Fleet" to="/fleet" testId="overview-fleet">
      {fleet.isPending ? (
        <Skeleton height={40} />
      ) : !fleet.data ? (
        <Unavailable />
      ) : (
        <Stack gap={6}>
          <Text size="sm">
            <b data-testid="overview-fleet-total">{fleet.data.summary.total}</b> services
          </Text>
          <Group gap={6}>
            {FLEET_HEALTHS.filter((health) => (fleet.data.summary.by_health[health] ?? 0) > 0).map((health) => (
              <Badge key={health} color={FLEET_HEALTH_COLORS[health]} variant="light" data-testid={`overview-fleet-${health}`}>
                {fleet.data.summary.by_health[health]} {health}
              </Badge>
            ))}
          </Group>
        </Stack>
      )}
    </SummaryCard>
  );
}

function JobCount({ status }: { status: (typeof ACTIVE_JOB_STATUSES)[number] }) {
  const jobs = $api.useQuery(
    "get",
    "/api/v1/jobs",
    { params: { query: { status, limit: JOB_PAGE } } },
    { refetchInterval: SUMMARY_REFRESH_MS },
  );
  if (jobs.isPending) return <Skeleton height={18} width={90} />;
  if (!jobs.data) return null;
  const count = jobs.data.items.length;
  if (count === 0) return null;
  return (
    <RouterAnchor to="/jobs" search={{ status }} size="sm" data-testid={`overview-jobs-${status}`}>
      {jobs.data.next_cursor ? `${count}+` : count} {status.replace("_", " ")}
    </RouterAnchor>
  );
}

function JobsCard() {
  return (
    <SummaryCard title="Active jobs" to="/jobs" testId="overview-jobs">
      <Stack gap={4}>
        {ACTIVE_JOB_STATUSES.map((status) => (
          <JobCount key={status} status={status} />
        ))}
        <Text size="xs" c="dimmed">
          Running, awaiting-approval, pending and cancelling jobs; none shown means nothing is active.
        </Text>
      </Stack>
    </SummaryCard>
  );
}

function RestoreCard() {
  const health = $api.useQuery("get", "/api/v1/restore/health", {}, { refetchInterval: SUMMARY_REFRESH_MS });
  return (
    <SummaryCard title="Restore health" to="/restore/health" testId="overview-restore">
      {health.isPending ? (
        <Skeleton height={40} />
      ) : !health.data ? (
        <Unavailable />
      ) : health.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          no server is covered by a restore declaration yet
        </Text>
      ) : (
        <Group gap={6}>
          {restoreHealthCounts(health.data.items).map(({ status, count }) => (
            <Badge key={status} color={RESTORE_HEALTH_COLORS[status]} variant="light" data-testid={`overview-restore-${status}`}>
              {count} {RESTORE_HEALTH_LABELS[status]}
            </Badge>
          ))}
        </Group>
      )}
    </SummaryCard>
  );
}

export function StatusCards() {
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
      <FleetCard />
      <JobsCard />
      <RestoreCard />
    </SimpleGrid>
  );
}
