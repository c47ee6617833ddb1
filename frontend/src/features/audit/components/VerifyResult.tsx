import { Alert, Badge, Group, Stack, Table, Text } from "@mantine/core";
import { IconCloudOff, IconLinkOff, IconScissors, IconShieldCheck } from "@tabler/icons-react";

import { CopyableId } from "@/components/CopyableId";
import { Timestamp } from "@/components/Timestamp";

import type { AuditVerification } from "@/features/audit/api/types";

type Status = AuditVerification["status"];
type Anchor = AuditVerification["anchors"][number];

const SOURCE_LABEL: Record<Anchor["source"], string> = {
  "nats-kv": "NATS KV head",
  "object-store": "Object-store checkpoint",
};

const STATE_COLOR: Record<Anchor["state"], string> = {
  matched: "teal",
  none: "gray",
  missing: "orange",
  truncated: "red",
  mismatch: "red",
  invalid: "red",
  unavailable: "orange",
};

const ANCHOR_TITLE: Partial<Record<Status, string>> = {
  anchor_invalid: "Anchor signature invalid",
  anchor_missing: "Anchor missing",
  anchor_unavailable: "Anchor unavailable",
};

function entries(count: number): string {
  return `${count} ${count === 1 ? "entry" : "entries"}`;
}

/** The anchors outside PostgreSQL and what the table says about each. */
function AnchorTable({ anchors }: { anchors: Anchor[] }) {
  if (anchors.length === 0) return null;
  return (
    <Table withTableBorder fz="xs" data-testid="audit-verify-anchors">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Anchor</Table.Th>
          <Table.Th>State</Table.Th>
          <Table.Th>Seq</Table.Th>
          <Table.Th>Written</Table.Th>
          <Table.Th>Detail</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {anchors.map((anchor) => (
          <Table.Tr
            key={anchor.source}
            data-testid="audit-verify-anchor"
            data-source={anchor.source}
            data-state={anchor.state}
          >
            <Table.Td>{SOURCE_LABEL[anchor.source]}</Table.Td>
            <Table.Td>
              <Badge size="xs" variant="light" color={STATE_COLOR[anchor.state]}>
                {anchor.state}
              </Badge>
            </Table.Td>
            <Table.Td>{anchor.seq ?? "—"}</Table.Td>
            <Table.Td>{anchor.written_at ? <Timestamp value={anchor.written_at} size="xs" /> : "—"}</Table.Td>
            <Table.Td>{anchor.detail}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Facts({ result }: { result: AuditVerification }) {
  return (
    <Group gap="md" mt={4}>
      <Text size="xs">Last row: seq {result.head_seq ?? "none"}</Text>
      <Text size="xs">Anchored up to: seq {result.anchored_seq ?? "none"}</Text>
      {result.legacy_rows > 0 && (
        <Text size="xs" data-testid="audit-verify-legacy">
          {entries(result.legacy_rows)} before seq {result.keyed_from_seq} predate the keyed chain (plain sha256)
        </Text>
      )}
      <Text size="xs">Key {result.key_id}</Text>
    </Group>
  );
}

/** The verdict of one verification: intact, rewritten (first bad row), truncated (anchored seq),
 * or an anchor that could not vouch for the chain (never shown as intact). */
export function VerifyResult({ result, verifiedAt }: { result: AuditVerification; verifiedAt: string }) {
  let verdict;
  if (result.status === "ok") {
    verdict = (
      <Alert color="teal" variant="light" icon={<IconShieldCheck size={18} />} title="Chain intact">
        <Text size="sm">
          {entries(result.checked)} checked; every row carries the keyed hash of the one before it, and the anchors
          outside the database match.
        </Text>
        <Facts result={result} />
        <Text size="xs" c="dimmed" mt={4}>
          Verified <Timestamp value={verifiedAt} size="xs" />
        </Text>
      </Alert>
    );
  } else if (result.status === "rewritten") {
    verdict = (
      <Alert color="red" variant="filled" icon={<IconLinkOff size={18} />} title="History rewritten">
        <Stack gap={4}>
          <Text size="sm">{result.detail}</Text>
          <Group gap="md">
            {result.first_bad_seq !== null && (
              <Text size="sm" fw={700}>
                First bad row: seq {result.first_bad_seq}
              </Text>
            )}
            {result.first_bad_id && <CopyableId value={result.first_bad_id} label="row id" />}
          </Group>
          <Text size="xs">{entries(result.checked)} checked before the break.</Text>
        </Stack>
      </Alert>
    );
  } else if (result.status === "truncated") {
    verdict = (
      <Alert color="red" variant="filled" icon={<IconScissors size={18} />} title="Tail truncated">
        <Stack gap={4}>
          <Text size="sm" fw={700}>
            Rows up to seq {result.anchored_seq ?? "?"} were anchored; the log now ends at seq{" "}
            {result.head_seq ?? "none"}.
          </Text>
          <Text size="sm">{result.detail}</Text>
        </Stack>
      </Alert>
    );
  } else {
    verdict = (
      <Alert
        color="orange"
        variant="light"
        icon={<IconCloudOff size={18} />}
        title={ANCHOR_TITLE[result.status] ?? "Anchor problem"}
      >
        <Stack gap={4}>
          <Text size="sm">
            The {entries(result.checked)} in the table verify, but the chain could not be checked against its anchors
            outside the database, so truncation cannot be ruled out.
          </Text>
          <Text size="sm">{result.detail}</Text>
          <Facts result={result} />
        </Stack>
      </Alert>
    );
  }
  return (
    <Stack gap="xs" data-testid="audit-verify-result" data-ok={String(result.ok)} data-status={result.status}>
      {verdict}
      <AnchorTable anchors={result.anchors} />
    </Stack>
  );
}
