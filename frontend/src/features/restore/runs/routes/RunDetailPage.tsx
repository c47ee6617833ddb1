// One restore run, decision first (docs/restore-decision-states.md): what the run proves, why, what
// it means and the one thing to do next come before any detail; the raw record is in a collapsed
// Diagnostics section.
// Every statement on the first screen comes from the decision block the API resolved.
import { Accordion, Code, Group, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";

import { $api } from "@/api/query";
import { CopyableId } from "@/components/CopyableId";
import { ProblemAlert } from "@/components/ProblemAlert";
import { RouterAnchor } from "@/components/RouterAnchor";

import { DecisionPanel } from "@/features/restore/runs/components/DecisionPanel";
import { EvidenceSection, RunFacts, VerificationSection } from "@/features/restore/runs/components/RunSections";
import { SECTION_IDS, type RestoreRunDetail, type RunSection } from "@/features/restore/runs/lib/decision";
import { intentLabel } from "@/features/restore/shared/lib/intents";

const runRoute = getRouteApi("/_authed/restore/runs/$runId");

/** While a run is not final its decision can change; read it again now and then. */
const LIVE_REFRESH_MS = 10_000;

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
