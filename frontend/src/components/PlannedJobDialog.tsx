// A mutation that runs as a job: the plan preview (steps and gates, from POST /api/v1/jobs/plan),
// a required reason, the typed target name for dangerous ones, then POST /api/v1/jobs with an
// Idempotency-Key made once per dialog opening, and on to the live job page.
import { Alert, Badge, Button, Code, Group, List, Modal, Skeleton, Stack, Table, Text, TextInput, Textarea } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState, type FormEvent, type ReactNode } from "react";

import { client } from "@/api/client";
import { ApiCallError, describeError, isProblem } from "@/api/problem";
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";
import type { Problem } from "@/api/types";

import { MIN_REASON_LENGTH, canConfirm } from "./ConfirmDialog";
import { ProblemAlert } from "./ProblemAlert";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type JobCreateBody = operations["create_job"]["requestBody"]["content"]["application/json"];
/** What the job is (kind and params); the dialog adds the reason. */
export type JobRequest = DistributiveOmit<JobCreateBody, "reason" | "dry_run">;
export type PlannedJob = JsonOf<operations["plan_job"]["responses"][200]>;

type GateProblem = NonNullable<Problem["gates"]>[number];

const PLAN_REASON = "plan preview";

/** A refused plan or job: the problem as the UI shows it, plus the failing gates it names. */
class JobRefused extends ApiCallError {
  readonly gates: GateProblem[];

  constructor(error: unknown, response: Response) {
    super(describeError(error, response));
    this.gates = isProblem(error) ? (error.gates ?? []) : [];
  }
}

export interface PlannedJobDialogProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** What will happen, in the operator's words (above the plan). */
  description?: ReactNode;
  /** Parameters the operator picks (kind, target…), shown above the plan. */
  form?: ReactNode;
  /** The job to plan and create; null while the form is incomplete. */
  request: JobRequest | null;
  confirmLabel: string;
  /** When set, the operator must type this exact text (the target's name) to confirm. */
  typedName?: string;
  danger?: boolean;
}

/** Every job-backed mutation goes through here (plan preview, reason, typed name, live job page). */
export function PlannedJobDialog(props: PlannedJobDialogProps) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} size="xl" centered>
      {/* Remounted per opening: a fresh Idempotency-Key and no reason carried over. */}
      {props.opened && <PlannedJobForm {...props} />}
    </Modal>
  );
}

async function planJob(request: JobRequest, signal: AbortSignal): Promise<PlannedJob> {
  const { data, error, response } = await client.POST("/api/v1/jobs/plan", {
    body: { ...request, reason: PLAN_REASON, dry_run: false },
    signal,
  });
  if (data) return data;
  throw new JobRefused(error, response);
}

function PlannedJobForm({ onClose, description, form, request, confirmLabel, typedName, danger }: PlannedJobDialogProps) {
  const navigate = useNavigate();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");

  const plan = useQuery({
    queryKey: ["post", "/api/v1/jobs/plan", request],
    queryFn: ({ signal }) => planJob(request!, signal),
    enabled: request !== null,
    retry: false,
    staleTime: 0,
  });

  const create = useMutation({
    mutationFn: async (why: string) => {
      if (request === null) throw new Error("The form is incomplete.");
      const { data, error, response } = await client.POST("/api/v1/jobs", {
        params: { header: { "Idempotency-Key": idempotencyKey } },
        body: { ...request, reason: why, dry_run: false },
      });
      if (data) return data;
      throw new JobRefused(error, response);
    },
    onSuccess: (created) => {
      onClose();
      void navigate({ to: "/jobs/$jobId", params: { jobId: created.job.id } });
    },
  });

  const planOk = plan.data?.ok === true;
  const ready = request !== null && planOk && canConfirm(reason, typed, typedName);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready && !create.isPending) create.mutate(reason.trim());
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        {description && (
          <Text size="sm" component="div">
            {description}
          </Text>
        )}
        {form}
        <div data-testid="job-plan">
          {request === null ? (
            <Text size="sm" c="dimmed">
              Complete the form to see the plan.
            </Text>
          ) : plan.isPending ? (
            <Skeleton height={90} data-testid="job-plan-loading" />
          ) : plan.isError ? (
            <PlanProblem error={plan.error} />
          ) : (
            <PlanPreview plan={plan.data} />
          )}
        </div>
        <Textarea
          label="Reason"
          description={`Recorded in the audit log and on the job (at least ${MIN_REASON_LENGTH} characters).`}
          required
          autosize
          minRows={2}
          maxLength={1000}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          data-testid="confirm-reason"
          data-autofocus
        />
        {typedName !== undefined && (
          <TextInput
            label={
              <>
                Type <Code>{typedName}</Code> to confirm
              </>
            }
            required
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            error={typed !== "" && typed !== typedName ? "Does not match" : undefined}
            data-testid="confirm-typed-name"
          />
        )}
        {create.isError && <PlanProblem error={create.error} testId="job-create-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={create.isPending}>
            Cancel
          </Button>
          <Button
            type="submit"
            color={danger ? "red" : undefined}
            disabled={!ready}
            loading={create.isPending}
            data-testid="confirm-submit"
          >
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The plan: whether it may run, the lock it takes, its gates and its steps. */
export function PlanPreview({ plan }: { plan: PlannedJob }) {
  return (
    <Stack gap="xs" data-testid="job-plan-preview" data-ok={plan.ok ? "true" : "false"}>
      <Group gap="xs">
        <Badge color={plan.ok ? "teal" : "red"} variant="light" data-testid="job-plan-status">
          {plan.ok ? "Plan OK" : "Refused by a gate"}
        </Badge>
        <Code>{plan.kind}</Code>
        {plan.lock_scope && (
          <Text size="xs" c="dimmed">
            locks <Code>{plan.lock_scope}</Code>
          </Text>
        )}
        {plan.requires_approval && (
          <Badge color="yellow" variant="light">
            needs approval
          </Badge>
        )}
      </Group>
      {plan.gates.length > 0 && (
        <Table withTableBorder verticalSpacing={4} fz="sm" data-testid="job-plan-gates">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40} />
              <Table.Th>Gate</Table.Th>
              <Table.Th>Detail</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.gates.map((gate) => (
              <Table.Tr key={gate.name} data-testid="job-plan-gate" data-ok={gate.ok ? "true" : "false"}>
                <Table.Td>
                  {gate.ok ? (
                    <IconCircleCheck size={18} color="var(--mantine-color-teal-6)" aria-label="passed" />
                  ) : (
                    <IconCircleX size={18} color="var(--mantine-color-red-6)" aria-label="failed" />
                  )}
                </Table.Td>
                <Table.Td>
                  <Code>{gate.name}</Code>
                </Table.Td>
                <Table.Td style={{ wordBreak: "break-word" }}>{gate.detail}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {plan.steps.length > 0 && (
        <List type="ordered" size="sm" spacing={2} data-testid="job-plan-steps">
          {plan.steps.map((step) => (
            <List.Item key={step.position}>
              <Code>{step.name}</Code>
              {step.touches.length > 0 && (
                <Text span size="xs" c="dimmed">
                  {" "}
                  — {step.touches.join(", ")}
                </Text>
              )}
              <Text span size="xs" c="dimmed">
                {" "}
                (timeout {step.timeout_s} s)
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** A refused plan or job: the problem, plus the gates it names when it names any. */
function PlanProblem({ error, testId = "job-plan-error" }: { error: unknown; testId?: string }) {
  const gates = error instanceof JobRefused ? error.gates : [];
  return (
    <Stack gap="xs">
      <ProblemAlert error={error} testId={testId} />
      {gates.length > 0 && (
        <Alert color="red" variant="outline" icon={<IconAlertTriangle size={18} />} title="Failing gates">
          <List size="sm" spacing={2}>
            {gates.map((gate) => (
              <List.Item key={gate.name}>
                <Code>{gate.name}</Code>: {gate.detail}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
