import { Alert, Badge, Button, Card, Code, Group, SimpleGrid, Skeleton, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import { IconRefresh, IconServer2 } from "@tabler/icons-react";
import { useState } from "react";

import { $api } from "@/api/query";
import { usePrincipal } from "@/api/session";
import { EmptyState } from "@/components/EmptyState";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { Timestamp } from "@/components/Timestamp";
import { canOperate } from "@/lib/roles";

import { FLEET_REFRESH_MS, type FleetSnapshot, type Health, type ServiceHealth } from "@/features/fleet/api/types";
import { ReloadDialog, type ReloadTarget } from "@/features/fleet/components/ReloadDialog";
import { LatencySparkline } from "@/features/fleet/components/Sparkline";
import {
  HEALTHS,
  HEALTH_COLORS,
  KINDS,
  SITES,
  SITE_LABELS,
  describeBuild,
  describeHealth,
  formatLatency,
  groupFleet,
  worstHealth,
  type KindGroup,
  type SiteGroup,
} from "@/features/fleet/lib/grouping";

export function HealthBadge({ health }: { health: Health }) {
  return (
    <Badge color={HEALTH_COLORS[health]} variant={health === "ok" ? "light" : "filled"} data-testid="service-health">
      {health}
    </Badge>
  );
}

function ReadyCell({ ready }: { ready: boolean | null }) {
  if (ready === null) {
    return (
      <Text size="sm" c="dimmed">
        unknown
      </Text>
    );
  }
  return (
    <Text size="sm" c={ready ? undefined : "orange"} fw={ready ? undefined : 600} data-testid="service-ready">
      {ready ? "ready" : "not ready"}
    </Text>
  );
}

function ServiceRow({ service }: { service: ServiceHealth }) {
  return (
    <Table.Tr data-testid="service-row" data-service={service.name} data-health={service.health}>
      <Table.Td>
        <Text size="sm" fw={600} style={{ whiteSpace: "nowrap" }}>
          {service.name}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
          {service.base_url}
        </Text>
      </Table.Td>
      <Table.Td>
        <HealthBadge health={service.health} />
      </Table.Td>
      <Table.Td>
        <ReadyCell ready={service.ready} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace" style={{ whiteSpace: "nowrap" }} title={service.git_sha ?? undefined}>
          {describeBuild(service)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" w={64} ta="right" style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }} data-testid="service-latency">
            {formatLatency(service.probe_latency_ms)}
          </Text>
          <LatencySparkline history={service.history} />
        </Group>
      </Table.Td>
      <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }} data-testid="service-tenants">
        {service.tenant_count ?? "—"}
      </Table.Td>
      <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }} data-testid="service-inflight">
        {service.inflight_total ?? "—"}
      </Table.Td>
      <Table.Td maw={320}>
        {service.last_error ? (
          <Tooltip label={service.last_error} multiline maw={480} withArrow openDelay={300}>
            <Text size="xs" c="red" lineClamp={2} style={{ wordBreak: "break-word" }} data-testid="service-error">
              {service.last_error}
            </Text>
          </Tooltip>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function KindSection({ site, group, onReload }: { site: SiteGroup["site"]; group: KindGroup; onReload?: (target: ReloadTarget) => void }) {
  return (
    <Stack gap={6} data-testid="fleet-kind" data-site={site} data-kind={group.kind}>
      <Group justify="space-between" wrap="nowrap">
        <Group gap="xs">
          <Title order={5} tt="capitalize">
            {group.kind}
          </Title>
          <Text size="xs" c="dimmed">
            {group.services.length} {group.services.length === 1 ? "service" : "services"} · {describeHealth(group.health)} · inflight{" "}
            {group.inflight}
          </Text>
        </Group>
        {onReload && (
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconRefresh size={14} />}
            onClick={() => onReload({ kind: group.kind, site })}
            data-testid={`fleet-reload-${site}-${group.kind}`}
          >
            Reload
          </Button>
        )}
      </Group>
      <Table.ScrollContainer minWidth={1000}>
        <Table verticalSpacing={6} highlightOnHover withTableBorder layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="22%">Service</Table.Th>
              <Table.Th w={130}>Health</Table.Th>
              <Table.Th w={90}>Ready</Table.Th>
              <Table.Th w={150}>Version</Table.Th>
              <Table.Th w={190}>Probe latency</Table.Th>
              <Table.Th w={80} ta="right">
                Tenants
              </Table.Th>
              <Table.Th w={80} ta="right">
                Inflight
              </Table.Th>
              <Table.Th>Last error</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {group.services.map((service) => (
              <ServiceRow key={service.name} service={service} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function SiteCard({ group, onReload }: { group: SiteGroup; onReload?: (target: ReloadTarget) => void }) {
  const worst = worstHealth(group.health);
  return (
    <Card withBorder radius="md" padding="md" data-testid="fleet-site" data-site={group.site} data-health={worst}>
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="sm">
          <Title order={3}>{SITE_LABELS[group.site]}</Title>
          <Badge color={HEALTH_COLORS[worst]} variant="light" data-testid="fleet-site-health">
            {describeHealth(group.health)}
          </Badge>
          <Text size="sm" c="dimmed">
            {group.services} services · inflight {group.inflight}
          </Text>
        </Group>
        {onReload && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconRefresh size={14} />}
            onClick={() => onReload({ kind: null, site: group.site })}
            data-testid={`fleet-reload-${group.site}`}
          >
            Reload site
          </Button>
        )}
      </Group>
      <Stack gap="lg">
        {group.kinds.map((kind) => (
          <KindSection key={kind.kind} site={group.site} group={kind} onReload={onReload} />
        ))}
      </Stack>
    </Card>
  );
}

function SummaryCards({ snapshot }: { snapshot: FleetSnapshot }) {
  const { summary } = snapshot;
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm" data-testid="fleet-summary">
      <Card withBorder padding="sm" radius="md">
        <Text size="xs" c="dimmed">
          Services
        </Text>
        <Text fw={700} size="xl" data-testid="fleet-total">
          {summary.total}
        </Text>
      </Card>
      {HEALTHS.map((health) => (
        <Card key={health} withBorder padding="sm" radius="md" data-testid={`fleet-count-${health}`}>
          <Text size="xs" c="dimmed" tt="capitalize">
            {health}
          </Text>
          <Text fw={700} size="xl" c={health !== "ok" && (summary.by_health[health] ?? 0) > 0 ? HEALTH_COLORS[health] : undefined}>
            {summary.by_health[health] ?? 0}
          </Text>
        </Card>
      ))}
      {SITES.map((site) => (
        <Card key={site} withBorder padding="sm" radius="md">
          <Text size="xs" c="dimmed">
            {SITE_LABELS[site]}
          </Text>
          <Text fw={700} size="xl">
            {summary.by_site[site] ?? 0}
          </Text>
        </Card>
      ))}
      <Card withBorder padding="sm" radius="md">
        <Text size="xs" c="dimmed">
          By kind
        </Text>
        <Text size="xs" mt={4}>
          {KINDS.map((kind) => `${summary.by_kind[kind] ?? 0} ${kind}`).join(" · ")}
        </Text>
      </Card>
    </SimpleGrid>
  );
}

export function FleetPage() {
  const me = usePrincipal();
  const fleet = $api.useQuery("get", "/api/v1/fleet", undefined, {
    refetchInterval: FLEET_REFRESH_MS,
    refetchIntervalInBackground: false, // paused while the tab is hidden
    staleTime: 0,
  });
  const [reload, setReload] = useState<ReloadTarget | null>(null);
  const mayReload = canOperate(me.data);
  const onReload = mayReload ? setReload : undefined;
  const snapshot = fleet.data;

  return (
    <>
      <PageHeader
        title="Fleet"
        description={
          <>
            Every registered service, probed concurrently (/health, /ready, /metrics, /admin/state). Refreshes every{" "}
            {FLEET_REFRESH_MS / 1000} s while this tab is visible.
          </>
        }
        actions={
          <>
            {snapshot && (
              <Text size="xs" c="dimmed" data-testid="fleet-taken-at">
                Probed <Timestamp value={snapshot.taken_at} size="xs" />
                {fleet.isFetching ? " · refreshing…" : ""}
              </Text>
            )}
            <Button
              variant="default"
              size="xs"
              leftSection={<IconRefresh size={14} />}
              onClick={() => void fleet.refetch()}
              loading={fleet.isFetching && !snapshot}
              data-testid="fleet-refresh"
            >
              Refresh
            </Button>
            {mayReload && snapshot && snapshot.services.length > 0 && (
              <Button size="xs" variant="light" onClick={() => setReload({ kind: null, site: null })} data-testid="fleet-reload-all">
                Reload all
              </Button>
            )}
          </>
        }
      />
      {fleet.isPending ? (
        <Stack gap="sm" data-testid="fleet-loading">
          <Skeleton height={64} />
          <Skeleton height={240} />
          <Skeleton height={240} />
        </Stack>
      ) : snapshot === undefined ? (
        <ProblemAlert error={fleet.error} onRetry={() => void fleet.refetch()} />
      ) : snapshot.services.length === 0 ? (
        <EmptyState title="No services registered" icon={<IconServer2 size={26} />} testId="fleet-empty">
          Register services with <Code>POST /api/v1/fleet/services</Code> (admin), or run <Code>lifeboat dev</Code>, which
          starts a simulated two-site fleet and registers it.
        </EmptyState>
      ) : (
        <Stack gap="md">
          {fleet.isError && <ProblemAlert error={fleet.error} onRetry={() => void fleet.refetch()} />}
          {!snapshot.secret_configured && (
            <Alert color="yellow" variant="light" title="No fleet secret configured" data-testid="fleet-no-secret">
              LIFEBOAT_FLEET_SECRET is not set, so /admin/state is not called: tenants, inflight and config revisions are unknown.
            </Alert>
          )}
          <SummaryCards snapshot={snapshot} />
          {groupFleet(snapshot.services).map((group) => (
            <SiteCard key={group.site} group={group} onReload={onReload} />
          ))}
        </Stack>
      )}
      <ReloadDialog target={reload} onClose={() => setReload(null)} />
    </>
  );
}
