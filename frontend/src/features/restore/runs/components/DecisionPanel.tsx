// The decision block of a run: what it proves, why, and the one thing to do next.
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { IconAlertTriangle, IconArrowRight, IconEye } from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import type { MouseEvent, ReactNode } from "react";

import { CopyableId } from "@/components/CopyableId";

import {
  DECISION_COLORS,
  PROOF_COLORS,
  PROOF_LABELS,
  SECTION_IDS,
  nextActionTarget,
  summaryRows,
  type DecisionBlock,
  type ProofState,
  type RestoreRunDetail,
  type ResultSummary,
  type RunSection,
} from "@/features/restore/runs/lib/decision";

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

export function DecisionPanel({ detail, onSection, onEvidence }: { detail: RestoreRunDetail; onSection: (section: RunSection) => void; onEvidence: (evidenceId: string) => void }) {
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
