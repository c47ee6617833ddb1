import { ActionIcon, Badge, Button, Code, Group, NativeSelect, Skeleton, Stack, Switch, Table, Text, Textarea, Tooltip, VisuallyHidden } from "@mantine/core";
import { IconDatabaseImport, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";

import { $api } from "@/api/query";
import { usePrincipal } from "@/api/session";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { CopyableId } from "@/components/CopyableId";
import { EmptyState } from "@/components/EmptyState";
import { ProblemAlert } from "@/components/ProblemAlert";
import { Timestamp } from "@/components/Timestamp";

import { DeclareReplicaDialog } from "@/features/restore/replicas/components/DeclareReplicaDialog";
import { CONSUMERS_KEY, LIST_PAGE_SIZE, REPLICAS_KEY, RESTORE_REFRESH_MS, type Consumer } from "@/features/restore/shared/api/restore";
import { canManageRestore } from "@/features/restore/shared/lib/access";
import { replicasSearchToQuery, type ReplicasSearch } from "../api/search";
import type { Replica } from "../api/types";
import { IntentWithGap } from "../components/IntentWithGap";

const replicasRoute = getRouteApi("/_authed/restore/replicas");

function describeReplica(replica: Replica): string {
  const scope = replica.server ?? `all live servers of ${replica.group}`;
  return `${replica.consumer_name ?? replica.consumer_id} keeps ${replica.backup_type} of ${scope} for ${replica.intent}`;
}

function usePatchReplica(onDone: () => void) {
  const queryClient = useQueryClient();
  return $api.useMutation("patch", "/api/v1/restore/replicas/{replica_id}", {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: REPLICAS_KEY });
      onDone();
    },
  });
}

function ToggleDialog({ target, onClose }: { target: Replica | null; onClose: () => void }) {
  const patch = usePatchReplica(onClose);
  const close = () => {
    patch.reset();
    onClose();
  };
  const enabling = target ? !target.enabled : false;
  return (
    <ConfirmDialog
      opened={target !== null}
      onClose={close}
      title={enabling ? "Enable replica declaration" : "Disable replica declaration"}
      confirmLabel={enabling ? "Enable" : "Disable"}
      pending={patch.isPending}
      error={patch.error}
      onConfirm={(reason) => {
        if (target) patch.mutate({ params: { path: { replica_id: target.id } }, body: { enabled: enabling, reason } });
      }}
    >
      {target &&
        (enabling ? (
          <>
            {describeReplica(target)}. Enabled, it goes back on the consumer&apos;s worklist and authorises its read-only credentials.
          </>
        ) : (
          <>
            {describeReplica(target)}. Disabled, it leaves the consumer&apos;s worklist and no longer authorises credentials; the
            declaration is kept.
          </>
        ))}
    </ConfirmDialog>
  );
}

function NotesDialog({ target, onClose }: { target: Replica | null; onClose: () => void }) {
  const patch = usePatchReplica(onClose);
  // Keyed by the declaration at the call site, so the field starts from its current notes.
  const [notes, setNotes] = useState(target?.notes ?? "");
  const close = () => {
    patch.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      opened={target !== null}
      onClose={close}
      title="Edit notes"
      confirmLabel="Save notes"
      pending={patch.isPending}
      error={patch.error}
      onConfirm={(reason) => {
        if (target) patch.mutate({ params: { path: { replica_id: target.id } }, body: { notes: notes.trim(), reason } });
      }}
    >
      <Textarea
        label="Notes"
        autosize
        minRows={2}
        maxLength={2000}
        value={notes}
        onChange={(event) => setNotes(event.currentTarget.value)}
        data-testid="replica-notes-input"
      />
    </ConfirmDialog>
  );
}

function DeleteDialog({ target, onClose }: { target: Replica | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const remove = $api.useMutation("delete", "/api/v1/restore/replicas/{replica_id}", {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: REPLICAS_KEY });
      void queryClient.invalidateQueries({ queryKey: CONSUMERS_KEY });
      onClose();
    },
  });
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      opened={target !== null}
      onClose={close}
      title="Delete replica declaration"
      confirmLabel="Delete declaration"
      danger
      pending={remove.isPending}
      error={remove.error}
      onConfirm={(reason) => {
        if (target) remove.mutate({ params: { path: { replica_id: target.id }, query: { reason } } });
      }}
    >
      {target && (
        <>
          {describeReplica(target)}. Deleting it takes it off the consumer&apos;s worklist and withdraws the authorisation for its
          credentials at once. To pause it instead, disable it.
        </>
      )}
    </ConfirmDialog>
  );
}

interface RowActions {
  onToggle: (replica: Replica) => void;
  onNotes: (replica: Replica) => void;
  onDelete: (replica: Replica) => void;
}

function ReplicaRow({ replica, actions }: { replica: Replica; actions: RowActions | null }) {
  return (
    <Table.Tr
      data-testid="replica-row"
      data-replica-id={replica.id}
      data-intent={replica.intent}
      data-enabled={String(replica.enabled)}
      data-gap={String(replica.gap !== null)}
    >
      <Table.Td>
        <Stack gap={2}>
          <Text size="sm" fw={600} data-testid="replica-consumer">
            {replica.consumer_name ?? "unknown consumer"}
          </Text>
          <CopyableId value={replica.consumer_id} label="consumer id" truncate={22} />
        </Stack>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <Text size="sm" ff="monospace" style={{ whiteSpace: "nowrap" }} data-testid="replica-group">
            {replica.group}
          </Text>
          {replica.server ? (
            <Text size="sm" ff="monospace" style={{ whiteSpace: "nowrap" }} data-testid="replica-scope">
              {replica.server}
            </Text>
          ) : (
            <Text size="sm" c="dimmed" style={{ whiteSpace: "nowrap" }} data-testid="replica-scope">
              all live servers
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Code data-testid="replica-backup-type">{replica.backup_type}</Code>
      </Table.Td>
      <Table.Td>
        <IntentWithGap intent={replica.intent} gap={replica.gap} />
      </Table.Td>
      <Table.Td>
        {actions ? (
          <Switch
            checked={replica.enabled}
            onChange={() => actions.onToggle(replica)}
            label={replica.enabled ? "enabled" : "disabled"}
            aria-label={`${replica.enabled ? "Disable" : "Enable"} declaration`}
            data-testid="replica-enabled"
          />
        ) : (
          <Badge color={replica.enabled ? "teal" : "gray"} variant="light" data-testid="replica-enabled-badge">
            {replica.enabled ? "enabled" : "disabled"}
          </Badge>
        )}
      </Table.Td>
      <Table.Td maw={280}>
        <Text size="sm" c={replica.notes ? undefined : "dimmed"} lineClamp={3} data-testid="replica-notes">
          {replica.notes || "—"}
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={0}>
          <Timestamp value={replica.created_at} size="xs" />
          <Text size="xs" c="dimmed">
            by {replica.created_by}
          </Text>
        </Stack>
      </Table.Td>
      {actions && (
        <Table.Td>
          <Group gap={4} wrap="nowrap" justify="flex-end">
            <Tooltip label="Edit notes" withArrow>
              <ActionIcon variant="subtle" color="gray" aria-label="Edit notes" onClick={() => actions.onNotes(replica)} data-testid="replica-edit-notes">
                <IconPencil size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Delete declaration" withArrow>
              <ActionIcon variant="subtle" color="red" aria-label="Delete declaration" onClick={() => actions.onDelete(replica)} data-testid="replica-delete">
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function Filters({ search, consumers, groups }: { search: ReplicasSearch; consumers: readonly Consumer[]; groups: readonly string[] }) {
  const navigate = replicasRoute.useNavigate();
  const apply = (next: ReplicasSearch) => void navigate({ search: next });
  return (
    <Group gap="sm" align="flex-end" data-testid="replica-filters">
      <NativeSelect
        label="Consumer"
        value={search.consumer ?? ""}
        onChange={(event) => apply({ ...search, consumer: event.currentTarget.value || undefined })}
        data={[{ value: "", label: "All consumers" }, ...consumers.map((consumer) => ({ value: consumer.id, label: consumer.name }))]}
        w={240}
        data-testid="replica-filter-consumer"
      />
      <NativeSelect
        label="Group"
        value={search.group ?? ""}
        onChange={(event) => apply({ ...search, group: event.currentTarget.value || undefined })}
        data={[{ value: "", label: "All groups" }, ...groups.map((group) => ({ value: group, label: group }))]}
        w={200}
        data-testid="replica-filter-group"
      />
      {(search.consumer || search.group) && (
        <Button variant="subtle" color="gray" onClick={() => apply({})} data-testid="replica-filter-clear">
          Clear filters
        </Button>
      )}
    </Group>
  );
}

export function ReplicasTab() {
  const search = replicasRoute.useSearch();
  const me = usePrincipal();
  const admin = canManageRestore(me.data);
  const replicas = $api.useInfiniteQuery(
    "get",
    "/api/v1/restore/replicas",
    { params: { query: replicasSearchToQuery(search) } },
    {
      pageParamName: "cursor",
      initialPageParam: null,
      getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
      refetchInterval: RESTORE_REFRESH_MS,
      refetchIntervalInBackground: false,
    },
  );
  const consumers = $api.useQuery("get", "/api/v1/restore/consumers");
  const groups = $api.useQuery("get", "/api/v1/backups/groups", { params: { query: { limit: LIST_PAGE_SIZE } } });
  const [declaring, setDeclaring] = useState(false);
  const [toggling, setToggling] = useState<Replica | null>(null);
  const [editingNotes, setEditingNotes] = useState<Replica | null>(null);
  const [deleting, setDeleting] = useState<Replica | null>(null);
  const [declared, setDeclared] = useState<string | null>(null);

  const rows = replicas.data?.pages.flatMap((page) => page.items) ?? [];
  const consumerList = consumers.data?.items ?? [];
  const groupNames = (groups.data?.items ?? []).map((group) => group.name);
  const gaps = rows.filter((replica) => replica.gap !== null).length;
  const filtered = Boolean(search.consumer || search.group);
  const actions: RowActions | null = admin ? { onToggle: setToggling, onNotes: setEditingNotes, onDelete: setDeleting } : null;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Filters search={search} consumers={consumerList} groups={groupNames} />
        {admin && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setDeclaring(true)} data-testid="replica-declare">
            Declare replica
          </Button>
        )}
      </Group>
      {replicas.isPending ? (
        <Stack gap={6} aria-busy="true" aria-label="Loading declarations">
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} height={48} />
          ))}
        </Stack>
      ) : replicas.isError && rows.length === 0 ? (
        <ProblemAlert error={replicas.error} onRetry={() => void replicas.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          title={filtered ? "No declaration matches these filters" : "No replicas declared yet"}
          icon={<IconDatabaseImport size={26} />}
          testId="replicas-empty"
        >
          {filtered ? (
            "Clear the filters to see every declaration."
          ) : (
            <>
              A declaration says which consumer keeps a restore of a backup group (or one server), for a backup type and an
              intent; it is also what authorises the consumer&apos;s read-only credentials.{" "}
              {admin ? "Declare the first one above." : "An admin declares them."}
            </>
          )}
        </EmptyState>
      ) : (
        <Stack gap="xs">
          <Text size="xs" c="dimmed" data-testid="replicas-count">
            {rows.length} {rows.length === 1 ? "declaration" : "declarations"}
            {gaps > 0 ? ` · ${gaps} with a gap (never dispatched)` : " · every one served by its consumer"}
            {replicas.hasNextPage ? " · more below" : ""}
          </Text>
          <Table.ScrollContainer minWidth={1000}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="replicas-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Consumer</Table.Th>
                  <Table.Th style={{ whiteSpace: "nowrap" }}>Group / scope</Table.Th>
                  <Table.Th style={{ whiteSpace: "nowrap" }}>Backup type</Table.Th>
                  <Table.Th>Intent</Table.Th>
                  <Table.Th>Enabled</Table.Th>
                  <Table.Th>Notes</Table.Th>
                  <Table.Th style={{ whiteSpace: "nowrap" }}>Declared (UTC)</Table.Th>
                  {actions && (
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((replica) => (
                  <ReplicaRow key={replica.id} replica={replica} actions={actions} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {replicas.isFetchNextPageError && <ProblemAlert error={replicas.error} onRetry={() => void replicas.fetchNextPage()} />}
          {replicas.hasNextPage && (
            <Group>
              <Button variant="default" loading={replicas.isFetchingNextPage} onClick={() => void replicas.fetchNextPage()}>
                Load more
              </Button>
            </Group>
          )}
        </Stack>
      )}
      {declared && (
        <VisuallyHidden role="status" data-testid="replica-declared">
          Declared {declared}
        </VisuallyHidden>
      )}
      <DeclareReplicaDialog
        opened={declaring}
        onClose={() => setDeclaring(false)}
        consumers={consumerList}
        declaredTypes={[...new Set(rows.map((replica) => replica.backup_type))]}
        initialConsumer={search.consumer}
        initialGroup={search.group}
        onDeclared={(replica) => {
          setDeclared(replica.id);
          setDeclaring(false);
        }}
      />
      <ToggleDialog target={toggling} onClose={() => setToggling(null)} />
      <NotesDialog key={editingNotes?.id ?? "none"} target={editingNotes} onClose={() => setEditingNotes(null)} />
      <DeleteDialog target={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}
