// Restore runs, newest first: who restored what, how it went, and each run's decision (resolved by
// the API for the viewer and carried by the list itself).
import { Badge, Button, Code, Group, NativeSelect, Skeleton, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconHistory } from "@tabler/icons-react";
import { getRouteApi } from "@tanstack/react-router";

import { $api } from "@/api/query";
import { EmptyState } from "@/components/EmptyState";
import { ProblemAlert } from "@/components/ProblemAlert";
import { RouterAnchor } from "@/components/RouterAnchor";

import { DECISION_COLORS, RUN_STATUSES, RUN_STATUS_COLORS } from "@/features/restore/runs/lib/decision";
import { LIST_PAGE_SIZE, RESTORE_REFRESH_MS } from "@/features/restore/shared/api/restore";
import { RelativeTime } from "@/features/restore/shared/components/RelativeTime";
import { intentLabel } from "@/features/restore/shared/lib/intents";
import { runsSearchToQuery, type RunListItem, type RunsSearch } from "../api/search";

const runsRoute = getRouteApi("/_authed/restore/runs");

function DecisionChip({ decision }: { decision: RunListItem["decision"] }) {
  return (
    <Tooltip label={decision.reason} withArrow multiline w={320}>
      <Badge color={DECISION_COLORS[decision.state]} variant="light" tt="none" data-testid="run-decision-chip" data-state={decision.state}>
        {decision.label}
      </Badge>
    </Tooltip>
  );
}

function RunRow({ run }: { run: RunListItem }) {
  return (
    <Table.Tr data-testid="run-row" data-run-id={run.id} data-server={run.server} data-status={run.status}>
      <Table.Td>
        <Stack gap={2}>
          <RouterAnchor to="/restore/runs/$runId" params={{ runId: run.id }} size="sm" ff="monospace" fw={600} data-testid="run-link">
            {run.server}
          </RouterAnchor>
          <Text size="xs" c="dimmed" ff="monospace">
            {run.group}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <Text size="sm">{intentLabel(run.intent)}</Text>
          <Code>{run.backup_type}</Code>
        </Stack>
      </Table.Td>
      <Table.Td>
        <Badge color={RUN_STATUS_COLORS[run.status]} variant="light" data-testid="run-status">
          {run.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        <DecisionChip decision={run.decision} />
      </Table.Td>
      <Table.Td>
        <RelativeTime value={run.created_at} />
      </Table.Td>
      <Table.Td>
        <RelativeTime value={run.finished_at} empty="not finished" />
      </Table.Td>
    </Table.Tr>
  );
}

function Filters({ search, groups, servers }: { search: RunsSearch; groups: readonly string[]; servers: readonly string[] }) {
  const navigate = runsRoute.useNavigate();
  const apply = (next: RunsSearch) => void navigate({ search: next });
  return (
    <Group gap="sm" align="flex-end" data-testid="runs-filters">
      <NativeSelect
        label="Group"
        value={search.group ?? ""}
        onChange={(event) => apply({ ...search, group: event.currentTarget.value || undefined, server: undefined })}
        data={[{ value: "", label: "All groups" }, ...groups.map((group) => ({ value: group, label: group }))]}
        w={200}
        data-testid="runs-filter-group"
      />
      <NativeSelect
        label="Server"
        value={search.server ?? ""}
        onChange={(event) => apply({ ...search, server: event.currentTarget.value || undefined })}
        data={[
          { value: "", label: "All servers" },
          ...[...new Set([...servers, ...(search.server ? [search.server] : [])])].map((server) => ({ value: server, label: server })),
        ]}
        w={200}
        data-testid="runs-filter-server"
      />
      <NativeSelect
        label="Status"
        value={search.status ?? ""}
        onChange={(event) => {
          const status = RUN_STATUSES.find((entry) => entry === event.currentTarget.value);
          apply({ ...search, status });
        }}
        data={[{ value: "", label: "Any status" }, ...RUN_STATUSES.map((status) => ({ value: status, label: status }))]}
        w={160}
        data-testid="runs-filter-status"
      />
      {(search.group || search.server || search.status) && (
        <Button variant="subtle" color="gray" onClick={() => apply({})} data-testid="runs-filter-clear">
          Clear filters
        </Button>
      )}
    </Group>
  );
}

export function RunsTab() {
  const search = runsRoute.useSearch();
  const runs = $api.useInfiniteQuery(
    "get",
    "/api/v1/restore/runs",
    { params: { query: runsSearchToQuery(search) } },
    {
      pageParamName: "cursor",
      initialPageParam: null,
      getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
      refetchInterval: RESTORE_REFRESH_MS,
      refetchIntervalInBackground: false,
    },
  );
  const groups = $api.useQuery("get", "/api/v1/backups/groups", { params: { query: { limit: LIST_PAGE_SIZE } } });
  const serverQuery = search.group ? { limit: LIST_PAGE_SIZE, group: search.group } : { limit: LIST_PAGE_SIZE };
  const servers = $api.useQuery("get", "/api/v1/backups/servers", { params: { query: serverQuery } });

  const rows = runs.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(search.group || search.server || search.status);
  const groupNames = (groups.data?.items ?? []).map((group) => group.name);
  const serverNames = (servers.data?.items ?? []).map((server) => server.name);

  return (
    <Stack gap="md">
      <Filters search={search} groups={groupNames} servers={serverNames} />
      {runs.isPending ? (
        <Stack gap={6} aria-busy="true" aria-label="Loading restore runs">
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} height={48} />
          ))}
        </Stack>
      ) : runs.isError && rows.length === 0 ? (
        <ProblemAlert error={runs.error} onRetry={() => void runs.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? "No restore run matches these filters" : "No restore runs yet"} icon={<IconHistory size={26} />} testId="runs-empty">
          {filtered
            ? "Clear the filters to see every run."
            : "A restore consumer opens a run for an item of its worklist, reports its progress and evidence, and closes it with a verification outcome."}
        </EmptyState>
      ) : (
        <Stack gap="xs">
          <Text size="xs" c="dimmed" data-testid="runs-count">
            {rows.length} {rows.length === 1 ? "run" : "runs"}, newest first{runs.hasNextPage ? " · more below" : ""}
          </Text>
          <Table.ScrollContainer minWidth={960}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="runs-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Server / group</Table.Th>
                  <Table.Th>Intent</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Decision</Table.Th>
                  <Table.Th>Started</Table.Th>
                  <Table.Th>Finished</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((run) => (
                  <RunRow key={run.id} run={run} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {runs.isFetchNextPageError && <ProblemAlert error={runs.error} onRetry={() => void runs.fetchNextPage()} />}
          {runs.hasNextPage && (
            <Group>
              <Button variant="default" loading={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()} data-testid="runs-load-more">
                Load more
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Stack>
  );
}
