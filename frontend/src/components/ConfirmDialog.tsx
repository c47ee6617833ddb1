import { Alert, Button, Code, Group, Modal, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState, type FormEvent, type ReactNode } from "react";

import { ProblemAlert } from "./ProblemAlert";

export const MIN_REASON_LENGTH = 3;

export interface ConfirmDialogProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** What will happen, in the operator's words. */
  children?: ReactNode;
  confirmLabel: string;
  /** Red button and warning; use for irreversible actions. */
  danger?: boolean;
  /** When set, the operator must type this exact text (the target's name) to confirm. */
  typedName?: string;
  onConfirm: (reason: string) => void;
  pending?: boolean;
  /** The last failure of the action, shown inside the dialog. */
  error?: unknown;
}

/** True when the form may be submitted: a reason, and the typed name when one is required. */
export function canConfirm(reason: string, typed: string, typedName: string | undefined): boolean {
  if (reason.trim().length < MIN_REASON_LENGTH) return false;
  if (typedName !== undefined && typed !== typedName) return false;
  return true;
}

/** Every mutation goes through here: a required reason (audited) and, for dangerous ones, the typed name. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} size="lg" centered>
      {/* Remount the form each time the dialog opens, so no reason leaks into the next action. */}
      {props.opened && <ConfirmForm {...props} />}
    </Modal>
  );
}

function ConfirmForm({ onClose, children, confirmLabel, danger, typedName, onConfirm, pending, error }: ConfirmDialogProps) {
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");
  const ready = canConfirm(reason, typed, typedName);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready && !pending) onConfirm(reason.trim());
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        {danger && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
            This cannot be undone.
          </Alert>
        )}
        {children && (
          <Text size="sm" component="div">
            {children}
          </Text>
        )}
        <Textarea
          label="Reason"
          description={`Recorded in the audit log (at least ${MIN_REASON_LENGTH} characters).`}
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
        {error !== undefined && error !== null && <ProblemAlert error={error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button
            type="submit"
            color={danger ? "red" : undefined}
            disabled={!ready}
            loading={pending}
            data-testid="confirm-submit"
          >
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
