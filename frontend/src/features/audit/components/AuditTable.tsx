import { Badge, Code, Group, Stack, Table, Text } from "@mantine/core";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import { Fragment, useState, type KeyboardEvent, type ReactNode } from "react";

import { CopyableId } from "@/components/CopyableId";
import { RouterAnchor } from "@/components/RouterAnchor";
import { Timestamp } from "@/components/Timestamp";

import type { AuditEntry, AuditOutcome } from "@/features/audit/api/types";

const OUTCOME_COLORS: Record<AuditOutcome, string> = { success: "teal", failure: "red", denied: "orange" };
const COLUMNS = 8;

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="xs" c="dimmed" w={110} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <div style={{ minWidth: 0 }}>{children}</div>
    </Group>
  );
}

function EntryDetails({ entry }: { entry: AuditEntry }) {
  return (
    <Stack gap={6} py="xs" data-testid="audit-row-details">
      <Detail label="Entry id">
        <CopyableId value={entry.id} label="entry id" />
      </Detail>
      <Detail label="Sequence">
        <Text size="sm">{entry.seq}</Text>
      </Detail>
      <Detail label="Actor id">
        <CopyableId value={entry.actor_id} label="actor id" />
      </Detail>
      <Detail label="Correlation id">
        {entry.correlation_id ? (
          <Group gap="sm">
            <CopyableId value={entry.correlation_id} label="correlation id" />
            <RouterAnchor to="/audit" search={{ correlation_id: entry.correlation_id }} size="xs">
              Show this flow
            </RouterAnchor>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Detail>
      <Detail label="Details">
        <Code block style={{ maxHeight: 320, overflow: "auto" }} data-testid="audit-details-json">
          {JSON.stringify(entry.details, null, 2)}
        </Code>
      </Detail>
      <Detail label="Previous hash">
        <CopyableId value={entry.prev_hash} label="previous hash" testId="audit-prev-hash" />
      </Detail>
      <Detail label="Hash">
        <CopyableId value={entry.hash} label="hash" testId="audit-hash" />
      </Detail>
    </Stack>
  );
}

function AuditRow({ entry, expanded, onToggle }: { entry: AuditEntry; expanded: boolean; onToggle: () => void }) {
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onToggle();
    }
  };
  const Chevron = expanded ? IconChevronDown : IconChevronRight;
  return (
    <Fragment>
      <Table.Tr
        data-testid="audit-row"
        data-entry-id={entry.id}
        tabIndex={0}
        aria-expanded={expanded}
        onClick={onToggle}
        onKeyDown={onKeyDown}
        style={{ cursor: "pointer" }}
      >
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <Chevron size={14} aria-hidden />
            <Timestamp value={entry.at} />
          </Group>
        </Table.Td>
        <Table.Td>
          <Text size="sm" title={entry.actor_id}>
            {entry.actor_name}
          </Text>
        </Table.Td>
        <Table.Td>
          <Code>{entry.action}</Code>
        </Table.Td>
        <Table.Td style={{ wordBreak: "break-all" }}>
          <Text size="sm">{entry.target}</Text>
        </Table.Td>
        <Table.Td style={{ whiteSpace: "nowrap" }}>
          <Badge color={OUTCOME_COLORS[entry.outcome]} variant="light" style={{ minWidth: "max-content" }} data-testid="audit-outcome">
            {entry.outcome}
          </Badge>
        </Table.Td>
        <Table.Td>
          <Text size="sm" lineClamp={2} c={entry.reason ? undefined : "dimmed"}>
            {entry.reason ?? "—"}
          </Text>
        </Table.Td>
        <Table.Td>
          {entry.request_id ? (
            <CopyableId value={entry.request_id} label="request id" truncate={10} />
          ) : (
            <Text size="sm" c="dimmed">
              —
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <Text size="xs" c="dimmed">
            #{entry.seq}
          </Text>
        </Table.Td>
      </Table.Tr>
      {expanded && (
        <Table.Tr>
          <Table.Td colSpan={COLUMNS}>
            <EntryDetails entry={entry} />
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Table.ScrollContainer minWidth={960}>
      <Table highlightOnHover verticalSpacing="xs" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time (UTC)</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Target</Table.Th>
            <Table.Th>Outcome</Table.Th>
            <Table.Th>Reason</Table.Th>
            <Table.Th>Request id</Table.Th>
            <Table.Th>Seq</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <AuditRow key={entry.id} entry={entry} expanded={expanded.has(entry.id)} onToggle={() => toggle(entry.id)} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
