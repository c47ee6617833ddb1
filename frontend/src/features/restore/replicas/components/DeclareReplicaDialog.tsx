import { Alert, Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Switch, Text, TextInput, Textarea } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { $api } from "@/api/query";
import { MIN_REASON_LENGTH } from "@/components/ConfirmDialog";
import { ProblemAlert } from "@/components/ProblemAlert";

import {
  EMPTY_DECLARE_FORM,
  FRESHNESS_CHOICES,
  chosenBackupType,
  chosenIntent,
  declarationRequest,
  type DeclareForm,
} from "@/features/restore/replicas/api/declare";
import { CONSUMERS_KEY, LIST_PAGE_SIZE, REPLICAS_KEY, type Consumer } from "@/features/restore/shared/api/restore";
import { CUSTOM_VALUE, backupTypeOptions, intentOptions, predictGap } from "@/features/restore/shared/lib/intents";
import type { Replica } from "../api/types";

interface DeclareReplicaDialogProps {
  opened: boolean;
  onClose: () => void;
  consumers: readonly Consumer[];
  /** Backup types already declared somewhere, offered as choices. */
  declaredTypes: readonly string[];
  /** Pre-selected from the page's filters. */
  initialConsumer?: string;
  initialGroup?: string;
  onDeclared: (replica: Replica) => void;
}

export function DeclareReplicaDialog(props: DeclareReplicaDialogProps) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Declare a restore replica" size="lg" centered>
      {/* Remounted per opening: nothing from the previous declaration leaks into the next one. */}
      {props.opened && <DeclareReplicaForm {...props} />}
    </Modal>
  );
}

function DeclareReplicaForm({ onClose, consumers, declaredTypes, initialConsumer, initialGroup, onDeclared }: DeclareReplicaDialogProps) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<DeclareForm>({
    ...EMPTY_DECLARE_FORM,
    consumerId: initialConsumer ?? "",
    group: initialGroup ?? "",
  });
  const set = <K extends keyof DeclareForm>(key: K, value: DeclareForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  const groups = $api.useQuery("get", "/api/v1/backups/groups", { params: { query: { limit: LIST_PAGE_SIZE } } });
  const servers = $api.useQuery(
    "get",
    "/api/v1/backups/servers",
    { params: { query: { group: form.group, limit: LIST_PAGE_SIZE } } },
    { enabled: form.group !== "" },
  );
  const declare = $api.useMutation("post", "/api/v1/restore/replicas", {
    onSuccess: (replica) => {
      void queryClient.invalidateQueries({ queryKey: REPLICAS_KEY });
      void queryClient.invalidateQueries({ queryKey: CONSUMERS_KEY });
      onDeclared(replica);
    },
  });

  const consumer = consumers.find((entry) => entry.id === form.consumerId) ?? null;
  const backupType = chosenBackupType(form);
  const intent = chosenIntent(form);
  const gap = consumer && intent ? predictGap(consumer, intent, backupType) : null;
  const request = declarationRequest(form);
  const typeChoices = backupTypeOptions(consumers, declaredTypes);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (request && !declare.isPending) declare.mutate({ body: request });
  };

  return (
    <form onSubmit={submit} data-testid="declare-form">
      <Stack gap="sm">
        <NativeSelect
          label="Consumer"
          description="A principal with the restore-consumer role (an agent's API token)."
          required
          value={form.consumerId}
          onChange={(event) => set("consumerId", event.currentTarget.value)}
          data={[
            { value: "", label: consumers.length === 0 ? "No restore consumer exists yet" : "Choose a consumer…", disabled: true },
            ...consumers.map((entry) => ({
              value: entry.id,
              label: entry.registered ? entry.name : `${entry.name} (has not registered capabilities)`,
            })),
          ]}
          data-testid="declare-consumer"
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            label="Backup group"
            required
            value={form.group}
            onChange={(event) => {
              const group = event.currentTarget.value;
              setForm((current) => ({ ...current, group, server: "" }));
            }}
            data={[
              { value: "", label: groups.isPending ? "Loading…" : "Choose a group…", disabled: true },
              ...(groups.data?.items ?? []).map((group) => ({ value: group.name, label: `${group.name} (${group.server_count} servers)` })),
            ]}
            data-testid="declare-group"
          />
          <NativeSelect
            label="Scope"
            value={form.server}
            disabled={form.group === ""}
            onChange={(event) => set("server", event.currentTarget.value)}
            data={[
              { value: "", label: "Whole group — all live servers" },
              ...(servers.data?.items ?? []).map((server) => ({
                value: server.name,
                label: server.live ? server.name : `${server.name} (not live: off worklists)`,
              })),
            ]}
            data-testid="declare-server"
          />
        </SimpleGrid>
        {groups.isError && <ProblemAlert error={groups.error} />}
        {servers.isError && <ProblemAlert error={servers.error} />}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Stack gap={6}>
            <NativeSelect
              label="Backup type"
              required
              value={form.backupType}
              onChange={(event) => set("backupType", event.currentTarget.value)}
              data={[
                { value: "", label: "Choose a type…", disabled: true },
                ...typeChoices.map((type) => ({ value: type, label: type })),
                { value: CUSTOM_VALUE, label: "Other…" },
              ]}
              data-testid="declare-backup-type"
            />
            {form.backupType === CUSTOM_VALUE && (
              <TextInput
                aria-label="Other backup type"
                placeholder="e.g. mysql"
                value={form.customBackupType}
                onChange={(event) => set("customBackupType", event.currentTarget.value)}
                error={form.customBackupType !== "" && backupType === "" ? "lowercase letters, digits and '-'" : undefined}
                data-testid="declare-backup-type-custom"
              />
            )}
          </Stack>
        </SimpleGrid>
        <Stack gap={6}>
          <NativeSelect
            label="Intent"
            description="Why the replica is kept."
            required
            value={form.intent}
            onChange={(event) => set("intent", event.currentTarget.value)}
            data={[
              { value: "", label: "Choose an intent…", disabled: true },
              ...intentOptions(consumer, backupType).map((option) => ({ value: option.value, label: option.label })),
            ]}
            data-testid="declare-intent"
          />
          {form.intent === CUSTOM_VALUE && (
            <TextInput
              aria-label="Custom intent"
              placeholder="e.g. compliance-archive"
              value={form.customIntent}
              onChange={(event) => set("customIntent", event.currentTarget.value)}
              error={form.customIntent !== "" && intent === "" ? "lowercase letters, digits and '-'" : undefined}
              data-testid="declare-intent-custom"
            />
          )}
        </Stack>
        {gap && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="This declaration will show as a gap" data-testid="declare-gap-warning">
            <Text size="sm">
              {gap.charAt(0).toUpperCase() + gap.slice(1)}. It is recorded, but never put on the consumer&apos;s worklist until the consumer registers support for it.
            </Text>
          </Alert>
        )}
        <Textarea
          label="Notes"
          description="Optional: what the replica is for, who owns it."
          autosize
          minRows={1}
          maxLength={2000}
          value={form.notes}
          onChange={(event) => set("notes", event.currentTarget.value)}
          data-testid="declare-notes"
        />
        <NativeSelect
          label="Freshness target"
          description="How long a verified restore counts as fresh; past it without a new success the server is overdue and alerted."
          data={FRESHNESS_CHOICES.map((choice) => ({ value: String(choice.value), label: choice.label }))}
          value={String(form.freshnessTargetS)}
          onChange={(event) => set("freshnessTargetS", Number(event.currentTarget.value))}
          data-testid="declare-freshness"
        />
        <Switch
          label="Enabled (on the consumer's worklist and authorising its credentials)"
          checked={form.enabled}
          onChange={(event) => set("enabled", event.currentTarget.checked)}
          data-testid="declare-enabled"
        />
        <Textarea
          label="Reason"
          description={`Recorded in the audit log (at least ${MIN_REASON_LENGTH} characters).`}
          required
          autosize
          minRows={2}
          maxLength={1000}
          value={form.reason}
          onChange={(event) => set("reason", event.currentTarget.value)}
          data-testid="declare-reason"
        />
        {declare.isError && <ProblemAlert error={declare.error} testId="declare-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={declare.isPending}>
            Cancel
          </Button>
          <Button type="submit" disabled={request === null} loading={declare.isPending} data-testid="declare-submit">
            Declare replica
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
