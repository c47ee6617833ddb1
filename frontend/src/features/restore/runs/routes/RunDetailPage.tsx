// One restore run, decision first (docs/restore-decision-states.md): what the run proves, why, what
// it means and the one thing to do next come before any detail; the raw record is in a collapsed
// Diagnostics section.
// Every statement on the first screen comes from the decision block the API resolved.
import { Accordion, Alert, Badge, Button, Card, Code, Group, SimpleGrid, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconArrowRight, IconEye, IconTimeline } from "@tabler/icons-react";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { useState, type MouseEvent, type ReactNode } from "react";

import { $api } from "@/api/query";
import { CopyableId } from "@/components/CopyableId";
import { ProblemAlert } from "@/components/ProblemAlert";
import { RouterAnchor } from "@/components/RouterAnchor";
import { Timestamp } from "@/components/Timestamp";

import {
  DECISION_COLORS,
  PROOF_COLORS,
  PROOF_LABELS,
  RUN_STATUS_COLORS,
  formatBytes,
  nextActionTarget,
  summaryRows,
  type DecisionBlock,
  type ProofState,
  type RestoreRun,
  type RestoreRunDetail,
  type ResultSummary,
  type RunEvidence,
  type RunSection,
  type RunVerification,
} from "@/features/restore/runs/lib/decision";
import { evidenceView } from "@/features/restore/runs/api/evidence";
import { EvidenceDownloadButton, EvidenceViewer } from "@/features/restore/runs/components/EvidenceViewer";
import { intentLabel } from "@/features/restore/shared/lib/intents";

const runRoute = getRouteApi("/_authed/restore/runs/$runId");

/** While a run is not final its decision can change; read it again now and then. */
const LIVE_REFRESH_MS = 10_000;

const SECTION_IDS: Record<RunSection, string> = {
  run: "run-facts",
  evidence: "run-evidence",
  result: "decision-summary",
  diagnostics: "run-diagnostics",
};

function ProofFact({ title, state, detail, testId, children }: { title: string; state: ProofState; detail: string; testId: string; children?: ReactNode }) {
  return (
    <Stack gap={4} data-testid={testId} data-state={state}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {title}
      </Text>
      <Badge color={PROOF_COLORS[state]} variant="light" data-testid={`${testId}-state`}>
        {PROOF_LABELS[state]}
      </Badge>
      {detail && (
        <Text size="sm" c="dimmed">
          {detail}
        </Text>
      )}
      {children}
    </Stack>
  );
}

/** The result summary: only the counts the agent reported (never a fake 0). */
export function SummaryFact({ summary }: { summary: ResultSummary }) {
  const rows = summaryRows(summary);
  return (
    <Stack gap={4} id={SECTION_IDS.result} data-testid="decision-summary" data-state={summary.state} data-metadata-only={String(summary.metadata_only)}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        Result summary
      </Text>
      <Text size="sm" fw={500} data-testid="decision-summary-label">
        {summary.label}
      </Text>
      {rows.length > 0 && (
        <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing={0} data-testid="decision-summary-counts">
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key} data-testid="decision-count" data-key={row.key}>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {row.label}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm" fw={600} c={row.attention ? "orange.8" : undefined} style={{ fontVariantNumeric: "tabular-nums" }}>
                    {row.value}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function NextActionButton({ detail, onSection, onEvidence }: { detail: RestoreRunDetail; onSection: (section: RunSection) => void; onEvidence: (evidenceId: string) => void }) {
  const action = detail.decision.primary_next_action;
  const target = nextActionTarget(action, detail.evidence);
  const navigate = useNavigate();
  const common = { size: "md" as const, "data-testid": "decision-next-action", "data-action": action.id };
  if (target.kind === "job") {
    return (
      <Button
        component="a"
        href={`/jobs/${encodeURIComponent(target.jobId)}`}
        onClick={(event: MouseEvent<HTMLAnchorElement>) => {
          // A plain click stays in the app; a modified click opens a tab as a link does.
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          void navigate({ to: "/jobs/$jobId", params: { jobId: target.jobId } });
        }}
        rightSection={<IconArrowRight size={16} />}
        {...common}
      >
        {action.label}
      </Button>
    );
  }
  if (target.kind === "evidence") {
    // Shown in the page's viewer (fetched, rendered as text); never opened by URL.
    return (
      <Button onClick={() => onEvidence(target.evidenceId)} rightSection={<IconEye size={16} />} {...common}>
        {action.label}
      </Button>
    );
  }
  return (
    <Button variant="light" onClick={() => onSection(target.section)} rightSection={<IconArrowRight size={16} />} {...common}>
      {action.label}
    </Button>
  );
}

function DecisionPanel({ detail, onSection, onEvidence }: { detail: RestoreRunDetail; onSection: (section: RunSection) => void; onEvidence: (evidenceId: string) => void }) {
  const decision: DecisionBlock = detail.decision;
  const color = DECISION_COLORS[decision.state];
  const proofId = decision.operation_proof.operation_id;
  return (
    <Card
      withBorder
      padding="lg"
      radius="md"
      data-testid="run-decision"
      data-state={decision.state}
      style={{ borderLeft: `6px solid var(--mantine-color-${color}-6)` }}
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
          <Stack gap={6} maw={760}>
            <Group gap="sm" wrap="wrap">
              <Badge color={color} variant="filled" size="xl" radius="sm" tt="none" data-testid="decision-label" data-state={decision.state}>
                {decision.label}
              </Badge>
            </Group>
            <Text size="lg" fw={500} data-testid="decision-reason">
              {decision.reason}
            </Text>
            <Text size="sm" c="dimmed" data-testid="decision-impact">
              {decision.impact}
            </Text>
          </Stack>
          <Stack gap={4} align="flex-end">
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              Next
            </Text>
            <NextActionButton detail={detail} onSection={onSection} onEvidence={onEvidence} />
          </Stack>
        </Group>

        {decision.result_attention && (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="decision-attention" p="xs">
            {decision.result_attention.label}
          </Alert>
        )}

        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
          <ProofFact title="Operation proof" state={decision.operation_proof.state} detail={decision.operation_proof.detail} testId="decision-proof">
            {proofId && <CopyableId value={proofId} label="operation id" truncate={18} />}
          </ProofFact>
          <ProofFact title="Post-run evidence" state={decision.evidence.state} detail={decision.evidence.detail} testId="decision-evidence">
            {decision.evidence.evidence_id && <CopyableId value={decision.evidence.evidence_id} label="evidence id" truncate={18} />}
          </ProofFact>
          <SummaryFact summary={decision.result_summary} />
        </SimpleGrid>

        <Group gap="xs" data-testid="decision-claims">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            This record proves
          </Text>
          {decision.allowed_claims.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="decision-no-claims">
              nothing yet
            </Text>
          ) : (
            decision.allowed_claims.map((claim) => (
              <Badge key={claim} variant="outline" color="gray" tt="none" data-testid="decision-claim">
                {claim}
              </Badge>
            ))
          )}
        </Group>
      </Stack>
    </Card>
  );
}

function EvidenceSection({ evidence, viewing, onView }: { evidence: readonly RunEvidence[]; viewing: string | null; onView: (evidenceId: string | null) => void }) {
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

function VerificationSection({ verification }: { verification: RunVerification | null }) {
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

function RunFacts({ run, jobId }: { run: RestoreRun; jobId: string }) {
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

function isFinal(detail: RestoreRunDetail): boolean {
  return detail.verification !== null || detail.run.status === "cancelled" || detail.decision.state === "blocked_or_cancelled";
}

export function RunDetailPage() {
  const { runId } = runRoute.useParams();
  const detail = $api.useQuery(
    "get",
    "/api/v1/restore/runs/{run_id}",
    { params: { path: { run_id: runId } } },
    { refetchInterval: (query) => (query.state.data && isFinal(query.state.data) ? false : LIVE_REFRESH_MS), refetchIntervalInBackground: false },
  );
  const [diagnostics, setDiagnostics] = useState<string | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);

  const goTo = (section: RunSection) => {
    if (section === "diagnostics") setDiagnostics("diagnostics");
    // After the accordion has opened, so the target is laid out.
    window.setTimeout(() => document.getElementById(SECTION_IDS[section])?.scrollIntoView({ behavior: "smooth", block: "start" }), 50);
  };
  const openEvidence = (evidenceId: string) => {
    setViewing(evidenceId);
    goTo("evidence");
  };

  const back = (
    <RouterAnchor to="/restore/runs" size="sm" data-testid="run-back">
      ← All restore runs
    </RouterAnchor>
  );
  if (detail.isPending) {
    return (
      <Stack gap="sm" data-testid="run-loading">
        {back}
        <Skeleton height={40} width={360} />
        <Skeleton height={220} />
        <Skeleton height={160} />
      </Stack>
    );
  }
  if (!detail.data) {
    return (
      <Stack gap="md">
        {back}
        <ProblemAlert error={detail.error} onRetry={() => void detail.refetch()} />
      </Stack>
    );
  }
  const data = detail.data;
  const { run } = data;
  return (
    <Stack gap="md" data-testid="run-detail" data-run-id={run.id}>
      {back}
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={2}>
          <Title order={2}>
            Restore of <span style={{ fontFamily: "var(--mantine-font-family-monospace)" }}>{run.server}</span>
          </Title>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {intentLabel(run.intent)} · {run.backup_type} · group {run.group} · run
            </Text>
            <CopyableId value={run.id} label="run id" testId="run-id" />
          </Group>
        </Stack>
      </Group>
      {detail.isError && <ProblemAlert error={detail.error} onRetry={() => void detail.refetch()} />}

      <DecisionPanel detail={data} onSection={goTo} onEvidence={openEvidence} />

      <EvidenceSection evidence={data.evidence} viewing={viewing} onView={setViewing} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <VerificationSection verification={data.verification} />
        <RunFacts run={run} jobId={data.job_id} />
      </SimpleGrid>

      <Accordion
        variant="contained"
        chevronPosition="left"
        value={diagnostics}
        onChange={setDiagnostics}
        id={SECTION_IDS.diagnostics}
        data-testid="run-diagnostics"
      >
        <Accordion.Item value="diagnostics">
          <Accordion.Control data-testid="run-diagnostics-toggle">Diagnostics (raw run record)</Accordion.Control>
          <Accordion.Panel>
            <Code block data-testid="run-diagnostics-json" style={{ maxHeight: 480, overflow: "auto" }}>
              {JSON.stringify(data, null, 2)}
            </Code>
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </Stack>
  );
}
