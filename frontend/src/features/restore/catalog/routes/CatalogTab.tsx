import { ActionIcon, Badge, Button, Card, Code, Group, NativeSelect, Skeleton, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from "@mantine/core";
import { IconBook2, IconCheck, IconPencil, IconPlus, IconServer2, IconX } from "@tabler/icons-react";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";

import { $api } from "@/api/query";
import { usePrincipal } from "@/api/session";
import { EmptyState } from "@/components/EmptyState";
import { ProblemAlert } from "@/components/ProblemAlert";

import { GroupDialog, ServerDialog } from "@/features/restore/catalog/components/CatalogDialogs";
import { LIST_PAGE_SIZE } from "@/features/restore/shared/api/restore";
import { RelativeTime } from "@/features/restore/shared/components/RelativeTime";
import { canManageRestore } from "@/features/restore/shared/lib/access";
import { catalogSearchToServerQuery } from "../api/search";
import type { BackupGroup, BackupServer } from "../api/types";

const catalogRoute = getRouteApi("/_authed/restore/catalog");

function GroupsTable({ groups, onEdit }: { groups: readonly BackupGroup[]; onEdit: ((group: BackupGroup) => void) | null }) {
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="groups-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Group</Table.Th>
            <Table.Th>Bucket / prefix</Table.Th>
            <Table.Th>Region</Table.Th>
            <Table.Th>Endpoint</Table.Th>
            <Table.Th>Repository password</Table.Th>
            <Table.Th>Servers</Table.Th>
            {onEdit && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((group) => (
            <Table.Tr key={group.id} data-testid="group-row" data-group={group.name}>
              <Table.Td>
                <Text size="sm" fw={600} ff="monospace">
                  {group.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Code data-testid="group-repository">
                  s3://{group.repository.bucket}/{group.repository.prefix}
                </Code>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={group.repository.region ? undefined : "dimmed"}>
                  {group.repository.region ?? "default"}
                </Text>
              </Table.Td>
              <Table.Td maw={260}>
                <Text size="sm" c={group.repository.endpoint ? undefined : "dimmed"} style={{ wordBreak: "break-all" }}>
                  {group.repository.endpoint ?? "AWS default"}
                </Text>
              </Table.Td>
              <Table.Td>
                <Tooltip label="A reference: the password is read from there when credentials are issued; Lifeboat never stores or shows it." multiline w={300} withArrow>
                  <Group gap={6} wrap="nowrap">
                    <Badge size="xs" variant="outline" color="gray" style={{ flexShrink: 0 }}>
                      ref
                    </Badge>
                    <Code data-testid="group-password-ref-value" style={{ wordBreak: "break-all" }}>
                      {group.password_ref}
                    </Code>
                  </Group>
                </Tooltip>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ fontVariantNumeric: "tabular-nums" }}>
                  {group.server_count}
                </Text>
              </Table.Td>
              {onEdit && (
                <Table.Td>
                  <Tooltip label="Edit group" withArrow>
                    <ActionIcon variant="subtle" color="gray" aria-label={`Edit group ${group.name}`} onClick={() => onEdit(group)} data-testid="group-edit">
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The newest backup of each type this server reported, whether it succeeded, and the last good one. */
function LatestRuns({ server }: { server: BackupServer }) {
  const latest = server.latest_backups;
  if (latest.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="server-no-runs">
        no backup reported
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      {latest.map((entry) => {
        const ok = entry.latest.status === "succeeded";
        return (
          <Group key={entry.backup_type} gap={6} wrap="nowrap" data-testid="server-latest-run" data-backup-type={entry.backup_type} data-status={entry.latest.status}>
            <Badge
              size="sm"
              variant="light"
              color={ok ? "teal" : "red"}
              leftSection={ok ? <IconCheck size={12} /> : <IconX size={12} />}
              style={{ flexShrink: 0 }}
            >
              {entry.backup_type}
            </Badge>
            <RelativeTime value={entry.latest.finished_at} />
            <Tooltip label={`snapshot ${entry.latest.snapshot_id}`} withArrow>
              <Code style={{ maxWidth: 220, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>{entry.latest.snapshot_id}</Code>
            </Tooltip>
            {!ok && entry.latest_succeeded && (
              <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                last good <RelativeTime value={entry.latest_succeeded.finished_at} />
              </Text>
            )}
          </Group>
        );
      })}
    </Stack>
  );
}

function ServersTable({ servers, onEdit }: { servers: readonly BackupServer[]; onEdit: ((server: BackupServer) => void) | null }) {
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="servers-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Server</Table.Th>
            <Table.Th>Group</Table.Th>
            <Table.Th>Live</Table.Th>
            <Table.Th>Latest backup per type</Table.Th>
            {onEdit && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {servers.map((server) => (
            <Table.Tr key={server.id} data-testid="server-row" data-server={server.name} data-live={String(server.live)}>
              <Table.Td>
                <Text size="sm" fw={600} ff="monospace">
                  {server.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {server.group}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge color={server.live ? "teal" : "gray"} variant="light">
                  {server.live ? "live" : "not live"}
                </Badge>
              </Table.Td>
              <Table.Td>
                <LatestRuns server={server} />
              </Table.Td>
              {onEdit && (
                <Table.Td>
                  <Tooltip label="Edit server" withArrow>
                    <ActionIcon variant="subtle" color="gray" aria-label={`Edit server ${server.name}`} onClick={() => onEdit(server)} data-testid="server-edit">
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function CatalogTab() {
  const search = catalogRoute.useSearch();
  const navigate = catalogRoute.useNavigate();
  const me = usePrincipal();
  const admin = canManageRestore(me.data);
  const groups = $api.useQuery("get", "/api/v1/backups/groups", { params: { query: { limit: LIST_PAGE_SIZE } } });
  const servers = $api.useQuery("get", "/api/v1/backups/servers", { params: { query: catalogSearchToServerQuery(search) } });
  const [editingGroup, setEditingGroup] = useState<BackupGroup | "new" | null>(null);
  const [editingServer, setEditingServer] = useState<BackupServer | "new" | null>(null);
  const groupList = groups.data?.items ?? [];
  const serverList = servers.data?.items ?? [];

  return (
    <Stack gap="lg">
      <Card withBorder radius="md" padding="md">
        <Group justify="space-between" mb="sm">
          <Stack gap={0}>
            <Title order={4}>Backup groups</Title>
            <Text size="xs" c="dimmed">
              One backup repository each; credentials issued to consumers are scoped to the group&apos;s prefix.
            </Text>
          </Stack>
          {admin && (
            <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditingGroup("new")} data-testid="group-create">
              Create group
            </Button>
          )}
        </Group>
        {groups.isPending ? (
          <Skeleton height={80} />
        ) : groups.data === undefined ? (
          <ProblemAlert error={groups.error} onRetry={() => void groups.refetch()} />
        ) : groupList.length === 0 ? (
          <EmptyState title="No backup groups" icon={<IconBook2 size={26} />} testId="groups-empty">
            A group names the S3 repository a set of servers back up to. {admin ? "Create one above." : "An admin creates them."}
          </EmptyState>
        ) : (
          <GroupsTable groups={groupList} onEdit={admin ? setEditingGroup : null} />
        )}
      </Card>
      <Card withBorder radius="md" padding="md">
        <Group justify="space-between" mb="sm" align="flex-end">
          <Group gap="md" align="flex-end">
            <Stack gap={0}>
              <Title order={4}>Servers</Title>
              <Text size="xs" c="dimmed">
                Only live servers are put on worklists. Backup agents report runs with <Code>POST /api/v1/backups/runs</Code>.
              </Text>
            </Stack>
            <NativeSelect
              aria-label="Group filter"
              value={search.group ?? ""}
              onChange={(event) => void navigate({ search: event.currentTarget.value ? { group: event.currentTarget.value } : {} })}
              data={[{ value: "", label: "All groups" }, ...groupList.map((group) => ({ value: group.name, label: group.name }))]}
              size="xs"
              w={180}
              data-testid="servers-filter-group"
            />
          </Group>
          {admin && (
            <Button
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => setEditingServer("new")}
              disabled={groupList.length === 0}
              data-testid="server-create"
            >
              Add server
            </Button>
          )}
        </Group>
        {servers.isPending ? (
          <Skeleton height={120} />
        ) : servers.data === undefined ? (
          <ProblemAlert error={servers.error} onRetry={() => void servers.refetch()} />
        ) : serverList.length === 0 ? (
          <EmptyState title={search.group ? `No servers in ${search.group}` : "No servers"} icon={<IconServer2 size={26} />} testId="servers-empty">
            Servers belong to a backup group; a group-wide declaration covers every live one.
          </EmptyState>
        ) : (
          <>
            <ServersTable servers={serverList} onEdit={admin ? setEditingServer : null} />
            {servers.data.next_cursor && (
              <Text size="xs" c="dimmed" mt="xs">
                Showing the first {serverList.length} servers; filter by group to see the others.
              </Text>
            )}
          </>
        )}
      </Card>
      <GroupDialog target={editingGroup} onClose={() => setEditingGroup(null)} />
      <ServerDialog target={editingServer} groups={groupList} initialGroup={search.group} onClose={() => setEditingServer(null)} />
    </Stack>
  );
}
