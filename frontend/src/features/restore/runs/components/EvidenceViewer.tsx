// One evidence snapshot, read with fetch and shown as text inside the run page: a JSON viewer for
// application/json, text for text/plain, a download button for everything else. The bytes are
// consumer-written, so they are never rendered as markup and never opened by URL.
import { Alert, Badge, Button, Card, CloseButton, Code, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconDownload, IconInfoCircle } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";

import { ProblemAlert } from "@/components/ProblemAlert";

import { EVIDENCE_PREVIEW_CHARS, downloadEvidence, evidenceText, evidenceView, fetchEvidence } from "@/features/restore/runs/api/evidence";
import { formatBytes, type RunEvidence } from "@/features/restore/runs/lib/decision";

/** Saves one snapshot through fetch + Blob; shows its own pending and error state. */
export function EvidenceDownloadButton({ evidence, testId = "evidence-download", variant = "subtle" }: { evidence: RunEvidence; testId?: string; variant?: "subtle" | "light" }) {
  const download = useMutation({ mutationFn: () => downloadEvidence(evidence) });
  return (
    <Stack gap={2} align="flex-start">
      <Button
        variant={variant}
        size="compact-sm"
        leftSection={<IconDownload size={14} />}
        loading={download.isPending}
        onClick={() => download.mutate()}
        data-testid={testId}
      >
        Download
      </Button>
      {download.isError && <ProblemAlert error={download.error} testId={`${testId}-error`} />}
    </Stack>
  );
}

export function EvidenceViewer({ evidence, onClose }: { evidence: RunEvidence; onClose: () => void }) {
  const view = evidenceView(evidence.content_type);
  const content = useQuery({
    queryKey: ["restore-evidence-content", evidence.run_id, evidence.id],
    queryFn: async ({ signal }) => (await fetchEvidence(evidence, signal)).text(),
    enabled: view !== "download",
    staleTime: Infinity,
  });
  const shown = view !== "download" && content.data !== undefined ? evidenceText(view, content.data) : null;
  return (
    <Card withBorder padding="md" data-testid="evidence-viewer" data-evidence-id={evidence.id} data-view={view}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Title order={5}>Evidence {evidence.sha256.slice(0, 12)}…</Title>
            <Badge variant="light" color="gray" tt="none">
              {view === "json" ? "JSON" : view === "text" ? "Text" : "Binary"}
            </Badge>
            <Text size="sm" c="dimmed">
              {formatBytes(evidence.size_bytes)} · <Code>{evidence.content_type}</Code>
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <EvidenceDownloadButton evidence={evidence} testId="evidence-viewer-download" variant="light" />
            <CloseButton aria-label="Close evidence" onClick={onClose} data-testid="evidence-viewer-close" />
          </Group>
        </Group>
        {view === "download" ? (
          <Text size="sm" c="dimmed" data-testid="evidence-viewer-binary">
            This snapshot is not JSON or text, so it is not shown here; download it to inspect it.
          </Text>
        ) : content.isPending ? (
          <Skeleton height={120} data-testid="evidence-viewer-loading" />
        ) : content.isError ? (
          <ProblemAlert error={content.error} onRetry={() => void content.refetch()} testId="evidence-viewer-error" />
        ) : shown ? (
          <>
            {shown.invalidJson && (
              <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />} p="xs" data-testid="evidence-viewer-note">
                These bytes are not valid JSON; they are shown as text.
              </Alert>
            )}
            {shown.truncated && (
              <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} p="xs" data-testid="evidence-viewer-truncated">
                Showing the first {formatBytes(EVIDENCE_PREVIEW_CHARS)}; download the snapshot for all of it.
              </Alert>
            )}
            <Code block data-testid="evidence-viewer-content" style={{ maxHeight: 480, overflow: "auto", whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {shown.text}
            </Code>
          </>
        ) : null}
      </Stack>
    </Card>
  );
}
