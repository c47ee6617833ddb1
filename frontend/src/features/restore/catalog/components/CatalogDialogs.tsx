import { Button, Code, Group, Modal, NativeSelect, SimpleGrid, Stack, Switch, Text, TextInput, Textarea } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { $api } from "@/api/query";
import { MIN_REASON_LENGTH } from "@/components/ConfirmDialog";
import { ProblemAlert } from "@/components/ProblemAlert";

import {
  PASSWORD_REF_MAX_LENGTH,
  groupCreateRequest,
  groupFormErrors,
  groupPatchRequest,
  groupToForm,
  type GroupForm,
} from "@/features/restore/catalog/api/groupForm";
import { GROUPS_KEY, REPLICAS_KEY, SERVERS_KEY } from "@/features/restore/shared/api/restore";
import type { BackupGroup, BackupServer } from "../api/types";

function ReasonField({ value, onChange, testId }: { value: string; onChange: (value: string) => void; testId: string }) {
  return (
    <Textarea
      label="Reason"
      description={`Recorded in the audit log (at least ${MIN_REASON_LENGTH} characters).`}
      required
      autosize
      minRows={2}
      maxLength={1000}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      data-testid={testId}
    />
  );
}

interface GroupDialogProps {
  /** null: closed; "new": create; a group: edit it. */
  target: BackupGroup | "new" | null;
  onClose: () => void;
}

export function GroupDialog({ target, onClose }: GroupDialogProps) {
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={target === "new" ? "Create backup group" : `Edit backup group ${target?.name ?? ""}`}
      size="lg"
      centered
    >
      {target !== null && <GroupFormView group={target === "new" ? null : target} onClose={onClose} />}
    </Modal>
  );
}

function GroupFormView({ group, onClose }: { group: BackupGroup | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<GroupForm>(() => groupToForm(group));
  const set = (key: keyof GroupForm) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setForm((current) => ({ ...current, [key]: value }));
  };
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: GROUPS_KEY });
    onClose();
  };
  const create = $api.useMutation("post", "/api/v1/backups/groups", { onSuccess: done });
  const update = $api.useMutation("patch", "/api/v1/backups/groups/{name}", { onSuccess: done });
  const errors = groupFormErrors(form);
  const createBody = group ? null : groupCreateRequest(form);
  const patchBody = group ? groupPatchRequest(group, form) : null;
  const pending = create.isPending || update.isPending;
  const failure = create.error ?? update.error;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    if (createBody) create.mutate({ body: createBody });
    else if (group && patchBody) update.mutate({ params: { path: { name: group.name } }, body: patchBody });
  };

  return (
    <form onSubmit={submit} data-testid="group-form">
      <Stack gap="sm">
        <TextInput
          label="Name"
          required
          disabled={group !== null}
          value={form.name}
          onChange={set("name")}
          error={errors.name}
          data-testid="group-name"
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Bucket" description="S3 bucket of the repository." required value={form.bucket} onChange={set("bucket")} error={errors.bucket} data-testid="group-bucket" />
          <TextInput
            label="Prefix"
            description="Key prefix inside the bucket; no '*', '?' or '$'."
            placeholder="eu/postgres"
            required
            maxLength={1024}
            value={form.prefix}
            onChange={set("prefix")}
            error={errors.prefix}
            spellCheck={false}
            data-testid="group-prefix"
          />
          <TextInput label="Region" placeholder="us-east-1" value={form.region} onChange={set("region")} data-testid="group-region" />
          <TextInput
            label="Endpoint"
            placeholder="empty = AWS default"
            value={form.endpoint}
            onChange={set("endpoint")}
            error={errors.endpoint}
            data-testid="group-endpoint"
          />
        </SimpleGrid>
        <TextInput
          label="Repository password reference"
          description={
            <>
              Where the server reads the password when credentials are issued: <Code>env:LIFEBOAT_REPO_PASSWORD_&lt;NAME&gt;</Code> or{" "}
              <Code>file:/absolute/path</Code> inside the server&apos;s secrets directory (<Code>LIFEBOAT_SECRETS_DIR</Code>). Never the
              password itself.
            </>
          }
          required
          placeholder="env:LIFEBOAT_REPO_PASSWORD_EU"
          maxLength={PASSWORD_REF_MAX_LENGTH}
          value={form.passwordRef}
          onChange={set("passwordRef")}
          error={errors.passwordRef}
          autoComplete="off"
          spellCheck={false}
          data-testid="group-password-ref"
        />
        <ReasonField value={form.reason} onChange={(reason) => setForm((current) => ({ ...current, reason }))} testId="group-reason" />
        {group && patchBody === null && form.reason.trim().length >= MIN_REASON_LENGTH && Object.keys(errors).length === 0 && (
          <Text size="xs" c="dimmed">
            Nothing changed yet.
          </Text>
        )}
        {failure && <ProblemAlert error={failure} testId="group-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" disabled={group ? patchBody === null : createBody === null} loading={pending} data-testid="group-submit">
            {group ? "Save group" : "Create group"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface ServerDialogProps {
  target: BackupServer | "new" | null;
  groups: readonly BackupGroup[];
  /** The group pre-selected for a new server (the page's filter). */
  initialGroup?: string;
  onClose: () => void;
}

export function ServerDialog({ target, groups, initialGroup, onClose }: ServerDialogProps) {
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={target === "new" ? "Add server" : `Edit server ${target?.name ?? ""}`}
      size="md"
      centered
    >
      {target !== null && (
        <ServerFormView server={target === "new" ? null : target} groups={groups} initialGroup={initialGroup} onClose={onClose} />
      )}
    </Modal>
  );
}

const SERVER_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

function ServerFormView({
  server,
  groups,
  initialGroup,
  onClose,
}: {
  server: BackupServer | null;
  groups: readonly BackupGroup[];
  initialGroup?: string;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(server?.name ?? "");
  const [group, setGroup] = useState(server?.group ?? initialGroup ?? "");
  const [live, setLive] = useState(server?.live ?? true);
  const [reason, setReason] = useState("");
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: SERVERS_KEY });
    void queryClient.invalidateQueries({ queryKey: GROUPS_KEY });
    void queryClient.invalidateQueries({ queryKey: REPLICAS_KEY });
    onClose();
  };
  const create = $api.useMutation("post", "/api/v1/backups/servers", { onSuccess: done });
  const update = $api.useMutation("patch", "/api/v1/backups/servers/{name}", { onSuccess: done });
  const pending = create.isPending || update.isPending;
  const failure = create.error ?? update.error;
  const nameError = name !== "" && !SERVER_NAME.test(name) ? "lowercase letters, digits, '.', '_' and '-'" : undefined;
  const hasReason = reason.trim().length >= MIN_REASON_LENGTH;
  const changed = server ? group !== server.group || live !== server.live : true;
  const ready = name !== "" && !nameError && group !== "" && hasReason && changed;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready || pending) return;
    if (!server) {
      create.mutate({ body: { name, group, live, reason: reason.trim() } });
      return;
    }
    update.mutate({
      params: { path: { name: server.name } },
      body: {
        ...(group !== server.group ? { group } : {}),
        ...(live !== server.live ? { live } : {}),
        reason: reason.trim(),
      },
    });
  };

  return (
    <form onSubmit={submit} data-testid="server-form">
      <Stack gap="sm">
        <TextInput
          label="Name"
          required
          disabled={server !== null}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={nameError}
          data-testid="server-name"
          data-autofocus
        />
        <NativeSelect
          label="Backup group"
          required
          value={group}
          onChange={(event) => setGroup(event.currentTarget.value)}
          data={[{ value: "", label: "Choose a group…", disabled: true }, ...groups.map((entry) => ({ value: entry.name, label: entry.name }))]}
          data-testid="server-group"
        />
        <Switch
          label="Live (only live servers are put on worklists)"
          checked={live}
          onChange={(event) => setLive(event.currentTarget.checked)}
          data-testid="server-live"
        />
        <ReasonField value={reason} onChange={setReason} testId="server-reason" />
        {failure && <ProblemAlert error={failure} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" disabled={!ready} loading={pending} data-testid="server-submit">
            {server ? "Save server" : "Add server"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
