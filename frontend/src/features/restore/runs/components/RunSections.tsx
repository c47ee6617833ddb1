// The run page's detail sections: evidence, verification and the run's own facts.
import { Badge, Button, Card, Code, Group, Stack, Table, Text, Title } from "@mantine/core";
import { IconEye, IconTimeline } from "@tabler/icons-react";
import type { ReactNode } from "react";

import { CopyableId } from "@/components/CopyableId";
import { RouterAnchor } from "@/components/RouterAnchor";
import { Timestamp } from "@/components/Timestamp";

import { evidenceView } from "@/features/restore/runs/api/evidence";
import { EvidenceDownloadButton, EvidenceViewer } from "@/features/restore/runs/components/EvidenceViewer";
import {
  RUN_STATUS_COLORS,
  SECTION_IDS,
  formatBytes,
  type RestoreRun,
  type RunEvidence,
  type RunVerification,
} from "@/features/restore/runs/lib/decision";
import { intentLabel } from "@/features/restore/shared/lib/intents";

export function EvidenceSection({ evidence, viewing, onView }: { evidence: readonly RunEvidence[]; viewing: string | null; onView: (evidenceId: string | null) => void }) {
  const shown = evidence.find((item) => item.id === viewing);
  return (
    <Card withBorder padding="md" id={SECTION_IDS.evidence} data-testid="run-evidence">
      <Title order={4} mb="sm">
        Evidence
      </Title>
      {evidence.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="run-evidence-empty">
          The consumer has uploaded no evidence for this run.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>State</Table.Th>
                <Table.Th>SHA-256</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th style={{ whiteSpace: "nowrap" }}>Content type</Table.Th>
                <Table.Th style={{ whiteSpace: "nowrap" }}>Uploaded (UTC)</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {evidence.map((item) => (
                <Table.Tr key={item.id} data-testid="evidence-row" data-evidence-id={item.id} data-state={item.state}>
                  <Table.Td>
                    <Badge color={item.state === "active" ? "teal" : item.state === "superseded" ? "gray" : "blue"} variant="light">
                      {item.state}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <CopyableId value={item.sha256} label="sha256" truncate={16} testId="evidence-sha256" />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    <Text size="sm" title={`${item.size_bytes} bytes`}>
                      {formatBytes(item.size_bytes)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Code>{item.content_type}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Timestamp value={item.created_at} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {evidenceView(item.content_type) !== "download" && (
                        <Button variant="subtle" size="compact-sm" leftSection={<IconEye size={14} />} onClick={() => onView(item.id)} data-testid="evidence-view">
                          View
                        </Button>
                      )}
                      <EvidenceDownloadButton evidence={item} />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {shown && (
        <Stack mt="md">
          <EvidenceViewer key={shown.id} evidence={shown} onClose={() => onView(null)} />
        </Stack>
      )}
    </Card>
  );
}

export function VerificationSection({ verification }: { verification: RunVerification | null }) {
  return (
    <Card withBorder padding="md" data-testid="run-verification" data-outcome={verification?.outcome ?? "none"}>
      <Title order={4} mb="sm">
        Verification
      </Title>
      {verification === null ? (
        <Text size="sm" c="dimmed">
          No verification outcome has been reported for this run yet.
        </Text>
      ) : (
        <Stack gap="xs">
          <Group gap="sm">
            <Badge color={verification.outcome === "success" ? "teal" : "red"} variant="light" data-testid="run-verification-outcome">
              {verification.outcome}
            </Badge>
            <Text size="sm">
              of snapshot <Code>{verification.snapshot_id}</Code>
            </Text>
          </Group>
          <Facts
            rows={[
              ["Started", <Timestamp key="s" value={verification.started_at} />],
              ["Finished", <Timestamp key="f" value={verification.finished_at} />],
              ["Reported", <Timestamp key="r" value={verification.recorded_at} />],
              ["Reported by", <Code key="b">{verification.recorded_by}</Code>],
            ]}
          />
          {verification.details && (
            <Code block data-testid="run-verification-details" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {JSON.stringify(verification.details, null, 2)}
            </Code>
          )}
        </Stack>
      )}
    </Card>
  );
}

function Facts({ rows }: { rows: readonly (readonly [string, ReactNode])[] }) {
  return (
    <Table withRowBorders={false} verticalSpacing={4} horizontalSpacing="xs">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Td w={150} style={{ verticalAlign: "top" }}>
              <Text size="sm" c="dimmed">
                {label}
              </Text>
            </Table.Td>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function RunFacts({ run, jobId }: { run: RestoreRun; jobId: string }) {
  return (
    <Card withBorder padding="md" id={SECTION_IDS.run} data-testid="run-facts">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Run</Title>
        <RouterAnchor to="/jobs/$jobId" params={{ jobId }} size="sm" data-testid="run-timeline-link">
          <Group gap={4} wrap="nowrap">
            <IconTimeline size={16} />
            Operation timeline
          </Group>
        </RouterAnchor>
      </Group>
      <Facts
        rows={[
          [
            "Status",
            <Badge key="st" color={RUN_STATUS_COLORS[run.status]} variant="light" data-testid="run-status">
              {run.status}
            </Badge>,
          ],
          [
            "Server",
            <Group key="sv" gap="xs">
              <Text size="sm" ff="monospace">
                {run.server}
              </Text>
              <Text size="sm" c="dimmed">
                in {run.group}
              </Text>
            </Group>,
          ],
          ["Intent", <Text key="in" size="sm">{intentLabel(run.intent)}</Text>],
          ["Backup type", <Code key="bt">{run.backup_type}</Code>],
          ["Snapshot", <CopyableId key="sn" value={run.snapshot_id} label="snapshot id" />],
          ["Consumer", <CopyableId key="co" value={run.consumer_id} label="consumer id" truncate={28} />],
          ["Operation", <CopyableId key="jo" value={jobId} label="job id" />],
          ["Opened", <Timestamp key="op" value={run.created_at} />],
          ["Finished", <Timestamp key="fi" value={run.finished_at} empty="not finished" />],
          [
            "Message",
            run.message ? (
              <Text key="me" size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="run-message">
                {run.message}
              </Text>
            ) : (
              <Text key="me" size="sm" c="dimmed">
                —
              </Text>
            ),
          ],
        ]}
      />
    </Card>
  );
}
