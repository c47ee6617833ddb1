// Restore health per server: failing and overdue first, the active alerts above the table.
import { Alert, Badge, Button, Collapse, Group, NativeSelect, Skeleton, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconAlertTriangle, IconChevronDown, IconChevronRight, IconHeartbeat } from "@tabler/icons-react";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";

import { $api } from "@/api/query";
import { EmptyState } from "@/components/EmptyState";
import { ProblemAlert } from "@/components/ProblemAlert";
import { RouterAnchor } from "@/components/RouterAnchor";

import { LIST_PAGE_SIZE, RESTORE_REFRESH_MS } from "@/features/restore/shared/api/restore";
import { RelativeTime } from "@/features/restore/shared/components/RelativeTime";
import { healthSearchToQuery, type HealthSearch } from "../api/search";
import {
  ALERT_LABELS,
  DELIVERY_CHANNEL_LABELS,
  HEALTH_COLORS,
  HEALTH_LABELS,
  HEALTH_STATUSES,
  deliveryChannels,
  describeCancellation,
  describeDelivery,
  formatTarget,
  healthCounts,
  latestRaise,
  sortHealth,
  type AlertDelivery,
  type ChannelDelivery,
  type RestoreAlert,
  type ServerHealth,
} from "../lib/health";

const healthRoute = getRouteApi("/_authed/restore/health");

function HealthRow({ item }: { item: ServerHealth }) {
  return (
    <Table.Tr data-testid="health-row" data-server={item.server} data-status={item.status}>
      <Table.Td>
        <Stack gap={2}>
          <Text size="sm" fw={600} ff="monospace" data-testid="health-server">
            {item.server}
          </Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {item.group}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <Badge color={HEALTH_COLORS[item.status]} variant={item.status === "failing" ? "filled" : "light"} data-testid="health-status">
          {HEALTH_LABELS[item.status]}
        </Badge>
      </Table.Td>
      <Table.Td>
        <RelativeTime value={item.last_success} testId="health-last-success" />
      </Table.Td>
      <Table.Td>
        <RelativeTime value={item.last_failure} empty="none" testId="health-last-failure" />
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={item.failure_streak > 0 ? 700 : undefined} c={item.failure_streak > 0 ? "red.7" : "dimmed"} data-testid="health-streak">
          {item.failure_streak}
        </Text>
      </Table.Td>
      <Table.Td>
        <Tooltip label={`${item.freshness_target_s} s: the strictest target of the server's declarations`} withArrow>
          <Text size="sm" span>
            {formatTarget(item.freshness_target_s)}
          </Text>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <RelativeTime value={item.overdue_since} empty="—" testId="health-overdue-since" />
      </Table.Td>
      <Table.Td>
        <RouterAnchor to="/restore/runs" search={{ server: item.server }} size="sm" data-testid="health-runs-link">
          Runs
        </RouterAnchor>
      </Table.Td>
    </Table.Tr>
  );
}

const DELIVERY_COLORS: Record<ChannelDelivery["state"], string> = {
  delivered: "teal",
  failed: "red",
  cancelled: "gray",
  pending: "blue",
};

function channelText({ state, attempts }: ChannelDelivery): string {
  if (state === "pending") return "pending";
  if (state === "delivered") return attempts > 1 ? `delivered (attempt ${attempts})` : "delivered";
  if (state === "failed") return `failed ×${attempts}`;
  return "cancelled";
}

function DeliveryEntry({ entry }: { entry: AlertDelivery }) {
  return (
    <Table.Tr data-testid="alert-delivery-entry" data-channel={entry.channel} data-outcome={entry.outcome}>
      <Table.Td>
        <RelativeTime value={entry.at} />
      </Table.Td>
      <Table.Td>{DELIVERY_CHANNEL_LABELS[entry.channel]}</Table.Td>
      <Table.Td>{entry.outcome === "cancelled" ? "—" : entry.attempt}</Table.Td>
      <Table.Td>
        <Text size="xs" ff="monospace" style={{ wordBreak: "break-all" }}>
          {entry.target}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" c={entry.outcome === "failed" ? "red.7" : undefined} style={{ wordBreak: "break-word" }}>
          {describeDelivery(entry)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** Where the alert's latest raise was delivered: one badge per channel, a cancellation spelled
 * out (an alert is never suppressed silently), and the attempts on demand. */
function DeliveryLog({ alert }: { alert: RestoreAlert }) {
  const [open, setOpen] = useState(false);
  const event = latestRaise(alert);
  if (!event) return null;
  const channels = deliveryChannels(event);
  if (channels.length === 0) return null;
  return (
    <Stack gap={4} data-testid="alert-deliveries">
      <Group gap={6} wrap="wrap" align="center">
        <Text size="xs" c="dimmed">
          Delivery
        </Text>
        {channels.map((channel) => (
          <Badge
            key={channel.channel}
            size="sm"
            variant="light"
            color={DELIVERY_COLORS[channel.state]}
            data-testid="alert-delivery"
            data-channel={channel.channel}
            data-state={channel.state}
          >
            {DELIVERY_CHANNEL_LABELS[channel.channel]} {channelText(channel)}
          </Badge>
        ))}
        {event.deliveries.length > 0 && (
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            leftSection={open ? <IconChevronDown size={12} /> : <IconChevronRight size={12} />}
            onClick={() => setOpen((current) => !current)}
            aria-expanded={open}
            data-testid="alert-delivery-log-toggle"
          >
            {open ? "Hide" : "Show"} log ({event.deliveries.length})
          </Button>
        )}
      </Group>
      {channels
        .filter((channel) => channel.state === "cancelled" && channel.last)
        .map((channel) => (
          <Text key={channel.channel} size="xs" data-testid="alert-delivery-cancelled" data-channel={channel.channel}>
            <Text span fw={600} size="xs">
              {DELIVERY_CHANNEL_LABELS[channel.channel]} delivery
            </Text>{" "}
            {channel.last ? describeCancellation(channel.last) : ""}
          </Text>
        ))}
      <Collapse in={open}>
        <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing="xs" fz="xs" data-testid="alert-delivery-log">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Attempt</Table.Th>
              <Table.Th>Target</Table.Th>
              <Table.Th>Result</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {event.deliveries.map((entry, index) => (
              <DeliveryEntry key={`${entry.channel}:${entry.attempt}:${entry.outcome}:${index}`} entry={entry} />
            ))}
          </Table.Tbody>
        </Table>
      </Collapse>
    </Stack>
  );
}

function ActiveAlerts({ alerts }: { alerts: readonly RestoreAlert[] }) {
  if (alerts.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="restore-alerts">
      {alerts.map((alert) => (
        <Alert
          key={alert.id}
          color={alert.kind === "restore_failing" ? "red" : "orange"}
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          p="xs"
          data-testid="restore-alert"
          data-server={alert.server}
          data-kind={alert.kind}
        >
          <Stack gap={4}>
            <Group gap="xs" wrap="wrap">
              <Text size="sm" fw={600}>
                {ALERT_LABELS[alert.kind]}
              </Text>
              <Text size="sm">
                on <span style={{ fontFamily: "var(--mantine-font-family-monospace)" }}>{alert.server}</span> ({alert.group}) · raised
              </Text>
              <RelativeTime value={alert.raised_at} empty="—" />
              <RouterAnchor to="/restore/runs" search={{ server: alert.server }} size="sm">
                see its runs
              </RouterAnchor>
            </Group>
            <DeliveryLog alert={alert} />
          </Stack>
        </Alert>
      ))}
    </Stack>
  );
}

function Filters({ search, groups }: { search: HealthSearch; groups: readonly string[] }) {
  const navigate = healthRoute.useNavigate();
  const apply = (next: HealthSearch) => void navigate({ search: next });
  return (
    <Group gap="sm" align="flex-end" data-testid="health-filters">
      <NativeSelect
        label="Status"
        value={search.status ?? ""}
        onChange={(event) => {
          const status = HEALTH_STATUSES.find((entry) => entry === event.currentTarget.value);
          apply({ ...search, status });
        }}
        data={[{ value: "", label: "Any status" }, ...HEALTH_STATUSES.map((status) => ({ value: status, label: HEALTH_LABELS[status] }))]}
        w={180}
        data-testid="health-filter-status"
      />
      <NativeSelect
        label="Group"
        value={search.group ?? ""}
        onChange={(event) => apply({ ...search, group: event.currentTarget.value || undefined })}
        data={[{ value: "", label: "All groups" }, ...groups.map((group) => ({ value: group, label: group }))]}
        w={200}
        data-testid="health-filter-group"
      />
      {(search.status || search.group) && (
        <Button variant="subtle" color="gray" onClick={() => apply({})} data-testid="health-filter-clear">
          Clear filters
        </Button>
      )}
    </Group>
  );
}

export function HealthTab() {
  const search = healthRoute.useSearch();
  const refresh = { refetchInterval: RESTORE_REFRESH_MS, refetchIntervalInBackground: false };
  const health = $api.useQuery("get", "/api/v1/restore/health", { params: { query: healthSearchToQuery(search) } }, refresh);
  const alerts = $api.useQuery("get", "/api/v1/restore/alerts", { params: { query: { active: true, limit: 100 } } }, refresh);
  const groups = $api.useQuery("get", "/api/v1/backups/groups", { params: { query: { limit: LIST_PAGE_SIZE } } });

  const items = sortHealth(health.data?.items ?? []);
  const counts = healthCounts(items);
  const filtered = Boolean(search.status || search.group);
  const activeAlerts = (alerts.data?.items ?? []).filter((alert) => alert.active && (!search.group || alert.group === search.group));

  return (
    <Stack gap="md">
      {alerts.isError && <ProblemAlert error={alerts.error} onRetry={() => void alerts.refetch()} />}
      <ActiveAlerts alerts={activeAlerts} />
      <Filters search={search} groups={(groups.data?.items ?? []).map((group) => group.name)} />
      {health.isPending ? (
        <Stack gap={6} aria-busy="true" aria-label="Loading restore health">
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} height={48} />
          ))}
        </Stack>
      ) : health.isError && items.length === 0 ? (
        <ProblemAlert error={health.error} onRetry={() => void health.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={filtered ? "No server matches these filters" : "No server is covered by a restore declaration"} icon={<IconHeartbeat size={26} />} testId="health-empty">
          {filtered
            ? "Clear the filters to see every server."
            : "Restore health is tracked for every live server in scope of an enabled declaration. Declare a replica on the Replicas tab."}
        </EmptyState>
      ) : (
        <Stack gap="xs">
          <Group gap="xs" data-testid="health-counts">
            {counts.map(({ status, count }) => (
              <Badge key={status} color={HEALTH_COLORS[status]} variant="outline" data-status={status}>
                {count} {HEALTH_LABELS[status]}
              </Badge>
            ))}
          </Group>
          <Table.ScrollContainer minWidth={960}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="health-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Server / group</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th style={{ whiteSpace: "nowrap" }}>Last success</Table.Th>
                  <Table.Th style={{ whiteSpace: "nowrap" }}>Last failure</Table.Th>
                  <Table.Th style={{ whiteSpace: "nowrap" }}>Failure streak</Table.Th>
                  <Table.Th style={{ whiteSpace: "nowrap" }}>Freshness target</Table.Th>
                  <Table.Th style={{ whiteSpace: "nowrap" }}>Overdue since</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <HealthRow key={`${item.group}/${item.server}`} item={item} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </Stack>
  );
}
