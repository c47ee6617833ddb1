import { Badge, Button, Card, Code, Group, Skeleton, Stack, Switch, Table, Text, Title, Tooltip } from "@mantine/core";
import { IconArrowsExchange, IconPlayerPause } from "@tabler/icons-react";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";

import { errorStatus } from "@/api/problem";
import { $api } from "@/api/query";
import { usePrincipal } from "@/api/session";
import { CopyableId } from "@/components/CopyableId";
import { EmptyState } from "@/components/EmptyState";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { RouterAnchor } from "@/components/RouterAnchor";
import { Timestamp } from "@/components/Timestamp";
import { canOperate } from "@/lib/roles";

import { relevantActivity } from "@/features/tenants/api/actions";
import { ACTIVITY_REFRESH_MS, type PlacementKind, type TenantKindPlacement, type TenantServiceActivity } from "@/features/tenants/api/types";
import { DrainDialog, MigrateDialog } from "@/features/tenants/components/TenantActions";
import { SOURCE_LABELS } from "@/features/tenants/lib/sources";

const tenantRoute = getRouteApi("/_authed/tenants/$tenantId");

function PlacementTable({
  placements,
  onMigrate,
}: {
  placements: TenantKindPlacement[];
  onMigrate?: (kind: PlacementKind) => void;
}) {
  return (
    <Table withTableBorder verticalSpacing="xs" data-testid="tenant-placement">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Kind</Table.Th>
          <Table.Th>Service</Table.Th>
          <Table.Th>Map</Table.Th>
          <Table.Th>Revision</Table.Th>
          {onMigrate && <Table.Th />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {placements.map((placement) => (
          <Table.Tr key={placement.kind} data-testid="tenant-placement-row" data-kind={placement.kind} data-service={placement.service ?? ""}>
            <Table.Td tt="capitalize" fw={600}>
              {placement.kind}
            </Table.Td>
            <Table.Td>
              {placement.service ? (
                <Code data-testid="tenant-placement-service">{placement.service}</Code>
              ) : (
                <Text size="sm" c="dimmed">
                  not placed
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Code>{placement.key}</Code>
            </Table.Td>
            <Table.Td style={{ fontVariantNumeric: "tabular-nums" }}>{placement.revision}</Table.Td>
            {onMigrate && (
              <Table.Td ta="right">
                <Button
                  size="compact-xs"
                  variant="subtle"
                  leftSection={<IconArrowsExchange size={14} />}
                  onClick={() => onMigrate(placement.kind)}
                  data-testid={`tenant-migrate-${placement.kind}`}
                >
                  Migrate
                </Button>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ActivityRow({ row }: { row: TenantServiceActivity }) {
  return (
    <Table.Tr data-testid="activity-row" data-service={row.service} data-reachable={row.reachable ? "true" : "false"}>
      <Table.Td>
        <Text size="sm" fw={600} ff="monospace">
          {row.service}
        </Text>
      </Table.Td>
      <Table.Td>{row.kind}</Table.Td>
      <Table.Td>{row.site}</Table.Td>
      <Table.Td>
        {!row.reachable ? (
          <Badge color="red" variant="filled">
            unreachable
          </Badge>
        ) : !row.present ? (
          <Text size="sm" c="dimmed">
            not serving
          </Text>
        ) : row.acquiring ? (
          <Badge color="teal" variant="light" data-testid="activity-acquiring">
            acquiring
          </Badge>
        ) : (
          <Badge color="orange" variant="light" data-testid="activity-acquiring">
            drained
          </Badge>
        )}
      </Table.Td>
      <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }} data-testid="activity-inflight">
        {row.inflight ?? "—"}
      </Table.Td>
      <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
        {row.lag === null ? "—" : `${row.lag.toFixed(1)} s`}
      </Table.Td>
      <Table.Td maw={300}>
        {row.error ? (
          <Tooltip label={row.error} multiline maw={480} withArrow>
            <Text size="xs" c="red" lineClamp={2} style={{ wordBreak: "break-word" }}>
              {row.error}
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

function LiveActivity({ tenantId }: { tenantId: string }) {
  const [showAll, setShowAll] = useState(false);
  const activity = $api.useQuery(
    "get",
    "/api/v1/fleet/tenants/{tenant_id}",
    { params: { path: { tenant_id: tenantId }, header: { "x-tenant-id": tenantId } } },
    { refetchInterval: ACTIVITY_REFRESH_MS, refetchIntervalInBackground: false, staleTime: 0 },
  );
  const data = activity.data;
  const rows = data ? (showAll ? data.services : relevantActivity(data.services)) : [];
  return (
    <Card withBorder radius="md" padding="md" data-testid="tenant-activity">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="sm">
          <Title order={4}>Live work</Title>
          {data && (
            <Badge variant="light" size="lg" data-testid="tenant-inflight-total">
              inflight {data.inflight_total}
            </Badge>
          )}
          <Text size="xs" c="dimmed">
            {data ? (
              <>
                Asked <Timestamp value={data.taken_at} size="xs" /> · every {ACTIVITY_REFRESH_MS / 1000} s
              </>
            ) : (
              `every ${ACTIVITY_REFRESH_MS / 1000} s`
            )}
          </Text>
        </Group>
        <Switch
          label="Show services not serving this tenant"
          checked={showAll}
          onChange={(event) => setShowAll(event.currentTarget.checked)}
          size="xs"
          data-testid="activity-show-all"
        />
      </Group>
      {activity.isPending ? (
        <Skeleton height={120} />
      ) : data === undefined ? (
        <ProblemAlert error={activity.error} onRetry={() => void activity.refetch()} />
      ) : (
        <Stack gap="xs">
          {activity.isError && <ProblemAlert error={activity.error} />}
          {!data.secret_configured && (
            <Text size="sm" c="orange">
              LIFEBOAT_FLEET_SECRET is not set: Lifeboat cannot ask the services for their state.
            </Text>
          )}
          {rows.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="activity-empty">
              {data.services.length === 0
                ? "No services are registered."
                : "No registered service reports work for this tenant right now."}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={820}>
              <Table verticalSpacing={6} highlightOnHover data-testid="activity-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Service</Table.Th>
                    <Table.Th>Kind</Table.Th>
                    <Table.Th>Site</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th ta="right">Inflight</Table.Th>
                    <Table.Th ta="right">Lag</Table.Th>
                    <Table.Th>Error</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => (
                    <ActivityRow key={row.service} row={row} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      )}
    </Card>
  );
}

export function TenantDetailPage() {
  const { tenantId } = tenantRoute.useParams();
  const me = usePrincipal();
  const tenant = $api.useQuery(
    "get",
    "/api/v1/tenants/{tenant_id}",
    { params: { path: { tenant_id: tenantId }, header: { "x-tenant-id": tenantId } } },
    { refetchInterval: ACTIVITY_REFRESH_MS * 5, refetchIntervalInBackground: false },
  );
  const [draining, setDraining] = useState(false);
  const [migrating, setMigrating] = useState<PlacementKind | null>(null);
  const mayOperate = canOperate(me.data);
  const detail = tenant.data;

  return (
    <div data-testid="tenant-detail" data-tenant={tenantId}>
      <PageHeader
        title={tenantId}
        description={
          <Group gap="xs">
            <RouterAnchor to="/tenants" size="sm">
              Tenants &amp; Placement
            </RouterAnchor>
            <Text size="sm" c="dimmed">
              /
            </Text>
            <CopyableId value={tenantId} label="tenant id" />
            {detail && (
              <Badge color={SOURCE_LABELS[detail.source].color} variant="light">
                {SOURCE_LABELS[detail.source].label}
              </Badge>
            )}
          </Group>
        }
        actions={
          mayOperate &&
          detail && (
            <>
              <Button
                variant="light"
                color="orange"
                leftSection={<IconPlayerPause size={16} />}
                onClick={() => setDraining(true)}
                data-testid="tenant-drain"
              >
                Drain
              </Button>
              <Button
                variant="light"
                leftSection={<IconArrowsExchange size={16} />}
                onClick={() => setMigrating("aggregate")}
                data-testid="tenant-migrate"
              >
                Migrate
              </Button>
            </>
          )
        }
      />
      {tenant.isPending ? (
        <Skeleton height={180} />
      ) : detail === undefined ? (
        errorStatus(tenant.error) === 404 ? (
          <EmptyState title={`Tenant ${tenantId} is not in any placement map`} testId="tenant-not-found">
            Check the id, or look it up on the <RouterAnchor to="/tenants">tenants list</RouterAnchor>.
          </EmptyState>
        ) : (
          <ProblemAlert error={tenant.error} onRetry={() => void tenant.refetch()} />
        )
      ) : (
        <Stack gap="lg">
          <Card withBorder radius="md" padding="md">
            <Title order={4} mb="sm">
              Placement
            </Title>
            <PlacementTable placements={detail.placements} onMigrate={mayOperate ? setMigrating : undefined} />
          </Card>
          <LiveActivity tenantId={tenantId} />
        </Stack>
      )}
      {detail && (
        <>
          <DrainDialog tenant={tenantId} opened={draining} onClose={() => setDraining(false)} />
          <MigrateDialog tenant={tenantId} kind={migrating} placements={detail.placements} onClose={() => setMigrating(null)} />
        </>
      )}
    </div>
  );
}
