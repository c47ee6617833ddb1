import { Alert, Button, Code, CopyButton, Group, Modal, NativeSelect, NumberInput, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconCopy } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { $api } from "@/api/query";
import { usePrincipal } from "@/api/session";
import type { Role } from "@/api/types";
import { MIN_REASON_LENGTH } from "@/components/ConfirmDialog";
import { ProblemAlert } from "@/components/ProblemAlert";
import { ROLE_LABELS, ROLES } from "@/lib/roles";

import type { ApiTokenCreated } from "@/features/tokens/api/types";
import { ENVIRONMENT_PATTERN, defaultTokenEnvironment, environmentRefusal } from "@/features/tokens/lib/tokenScope";

function isRole(value: string): value is Role {
  return ROLES.some((role) => role === value);
}

function SecretView({ created, onClose }: { created: ApiTokenCreated; onClose: () => void }) {
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title="Copy the secret now">
        It will not be shown again: Lifeboat stores only its hash. If it is lost, revoke this token and create a new one.
      </Alert>
      <Text size="sm">
        Token <strong>{created.token.name}</strong> ({created.token.role} @ {created.token.environment}), prefix{" "}
        <Code>{created.token.prefix}</Code>
      </Text>
      <Code block data-testid="token-secret" style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
        {created.secret}
      </Code>
      <Text size="xs" c="dimmed">
        Send it as <Code>Authorization: Bearer &lt;secret&gt;</Code>.
      </Text>
      <Group justify="space-between">
        <CopyButton value={created.secret}>
          {({ copied, copy }) => (
            <Button
              variant="light"
              color={copied ? "teal" : undefined}
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              onClick={copy}
              data-testid="token-secret-copy"
            >
              {copied ? "Copied" : "Copy secret"}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onClose} data-testid="token-secret-close">
          I have stored it
        </Button>
      </Group>
    </Stack>
  );
}

function CreateForm({ onCreated, onCancel }: { onCreated: (created: ApiTokenCreated) => void; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const create = $api.useMutation("post", "/api/v1/tokens", {
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/tokens"] });
      onCreated(created);
    },
  });
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  // null: not chosen yet, so the default follows what the server says (never `*` by accident).
  const [chosenEnvironment, setEnvironment] = useState<string | null>(null);
  const [expiresInDays, setExpiresInDays] = useState<string | number>("");
  const [reason, setReason] = useState("");
  const info = $api.useQuery("get", "/api/v1/system/info", undefined, { staleTime: 5 * 60_000 });
  const me = usePrincipal();
  const serverEnvironment = info.data?.environment ?? null;
  const bindings = me.data?.bindings ?? null;
  const environment =
    chosenEnvironment ?? (serverEnvironment === null ? "" : bindings ? defaultTokenEnvironment(serverEnvironment, bindings) : serverEnvironment);
  const environmentError = environment.trim() !== "" && !ENVIRONMENT_PATTERN.test(environment.trim()) ? "an environment name (lowercase letters, digits, '-', '_') or *" : undefined;
  const refusal = bindings && !environmentError && environment.trim() !== "" ? environmentRefusal(bindings, environment.trim()) : null;

  const ready = name.trim() !== "" && environment.trim() !== "" && !environmentError && reason.trim().length >= MIN_REASON_LENGTH;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready || create.isPending) return;
    create.mutate({
      body: {
        name: name.trim(),
        role,
        environment: environment.trim(),
        expires_in_days: typeof expiresInDays === "number" ? expiresInDays : null,
        reason: reason.trim(),
      },
    });
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput
          label="Name"
          description="Who or what uses it, e.g. restore-agent-dc2."
          required
          maxLength={100}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          data-testid="token-name"
          data-autofocus
        />
        <NativeSelect
          label="Role"
          required
          value={role}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (isRole(value)) setRole(value);
          }}
          data={ROLES.map((value) => ({ value, label: ROLE_LABELS[value] }))}
          data-testid="token-role"
        />
        <Stack gap={4}>
          <TextInput
            label="Environment"
            description={
              <>
                {serverEnvironment && (
                  <>
                    This server runs in <Code>{serverEnvironment}</Code>.{" "}
                  </>
                )}
                <Code>*</Code> grants the role in every environment and needs admin@*.
              </>
            }
            required
            placeholder={serverEnvironment ?? "an environment"}
            value={environment}
            onChange={(event) => setEnvironment(event.currentTarget.value)}
            error={environmentError}
            spellCheck={false}
            data-testid="token-environment"
          />
          {refusal && (
            <Text size="xs" c="orange.8" data-testid="token-environment-warning">
              {refusal} The server will refuse it.
            </Text>
          )}
        </Stack>
        <NumberInput
          label="Expires in (days)"
          description="Leave empty for a token that does not expire."
          min={1}
          max={3650}
          allowDecimal={false}
          allowNegative={false}
          value={expiresInDays}
          onChange={setExpiresInDays}
          data-testid="token-expiry"
        />
        <Textarea
          label="Reason"
          description="Recorded in the audit log."
          required
          autosize
          minRows={2}
          maxLength={1000}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          data-testid="token-reason"
        />
        {create.isError && <ProblemAlert error={create.error} testId="token-create-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" disabled={!ready} loading={create.isPending} data-testid="token-submit">
            Create token
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface CreateTokenModalProps {
  opened: boolean;
  onClose: () => void;
}

/** Create form, then the secret exactly once; the secret is dropped from memory on close. */
export function CreateTokenModal({ opened, onClose }: CreateTokenModalProps) {
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? "Token created" : "Create API token"}
      size="lg"
      centered
      closeOnClickOutside={created === null}
      closeOnEscape={created === null}
      withCloseButton={created === null}
    >
      {opened &&
        (created ? <SecretView created={created} onClose={close} /> : <CreateForm onCreated={setCreated} onCancel={close} />)}
    </Modal>
  );
}
