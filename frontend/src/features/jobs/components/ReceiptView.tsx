// A finished job's receipt: the outcome and its effects, and the stored JSON document.
import { Accordion, Badge, Code, Group, Skeleton, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

import { errorStatus } from "@/api/problem";
import { $api } from "@/api/query";
import { ProblemAlert } from "@/components/ProblemAlert";
import { Timestamp } from "@/components/Timestamp";

import { summarizeReceipt } from "@/features/jobs/lib/receipt";
import { statusVariant } from "@/features/jobs/lib/status";

function EffectList({ label, items, color }: { label: string; items: string[]; color: string }) {
  if (items.length === 0) return null;
  return (
    <Group gap={6} align="flex-start" wrap="nowrap">
      <Text size="xs" c="dimmed" w={150} style={{ flexShrink: 0 }}>
        {label} ({items.length})
      </Text>
      <Group gap={4} wrap="wrap">
        {items.map((item) => (
          <Badge key={item} size="sm" variant="light" color={color} tt="none">
            {item}
          </Badge>
        ))}
      </Group>
    </Group>
  );
}

export function ReceiptView({ jobId, terminal }: { jobId: string; terminal: boolean }) {
  const receipt = $api.useQuery(
    "get",
    "/api/v1/jobs/{job_id}/receipt",
    { params: { path: { job_id: jobId } } },
    { enabled: terminal },
  );
  let body: ReactNode;
  if (!terminal || errorStatus(receipt.error) === 409) {
    body = (
      <Text size="sm" c="dimmed">
        Not available until the job ends.
      </Text>
    );
  } else if (receipt.isPending) {
    body = <Skeleton height={80} />;
  } else if (receipt.isError) {
    body = <ProblemAlert error={receipt.error} />;
  } else {
    const summary = summarizeReceipt(receipt.data);
    body = (
      <Stack gap="sm">
        {summary ? (
          <Stack gap={6} data-testid="job-receipt-summary" data-status={summary.status}>
            <Group gap="xs">
              <Text size="sm">Outcome</Text>
              <Badge
                variant={statusVariant(summary.status)}
                color={summary.status === "succeeded" ? "teal" : summary.status === "failed" ? "red" : "gray"}
              >
                {summary.status}
              </Badge>
              {summary.finishedAt && <Timestamp value={summary.finishedAt} size="xs" />}
            </Group>
            <EffectList label="Effects done" items={summary.effectsDone} color="teal" />
            <EffectList label="Compensated" items={summary.effectsCompensated} color="grape" />
            <EffectList label="Not done" items={summary.effectsNotDone} color="gray" />
            <EffectList label="Unknown (check by hand)" items={summary.effectsUnknown} color="orange" />
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            The stored receipt has an unexpected shape; its JSON is below.
          </Text>
        )}
        <Accordion variant="contained" chevronPosition="left">
          <Accordion.Item value="receipt">
            <Accordion.Control data-testid="job-receipt-toggle">Receipt JSON</Accordion.Control>
            <Accordion.Panel>
              <Code block style={{ maxHeight: 480, overflow: "auto", fontSize: 12 }}>
                {JSON.stringify(receipt.data, null, 2)}
              </Code>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
      </Stack>
    );
  }
  return <div data-testid="job-receipt">{body}</div>;
}
