import { Checkbox, Code, Group, NativeSelect, NumberInput, Stack, Text } from "@mantine/core";
import { useState } from "react";

import { $api } from "@/api/query";
import { PlannedJobDialog } from "@/components/PlannedJobDialog";

import {
  DEFAULT_DRAIN_KINDS,
  DEFAULT_DRAIN_TIMEOUT_S,
  DEFAULT_MIGRATE_TIMEOUT_S,
  drainRequest,
  migrateRequest,
  migrationTargets,
} from "@/features/tenants/api/actions";
import { PLACEMENT_KINDS, SERVICE_KINDS, type PlacementKind, type ServiceKind, type Site, type TenantKindPlacement } from "@/features/tenants/api/types";

function isServiceKind(value: string): value is ServiceKind {
  return SERVICE_KINDS.some((kind) => kind === value);
}

function isPlacementKind(value: string): value is PlacementKind {
  return PLACEMENT_KINDS.some((kind) => kind === value);
}

function timeoutInput(value: number, onChange: (value: number) => void, fallback: number, testId: string) {
  return (
    <NumberInput
      label="Timeout (seconds)"
      min={1}
      max={3600}
      value={value}
      onChange={(next) => onChange(typeof next === "number" ? next : fallback)}
      w={180}
      data-testid={testId}
    />
  );
}

interface DrainDialogProps {
  tenant: string;
  opened: boolean;
  onClose: () => void;
}

/** tenant.drain: the tenant's services stop acquiring its work and finish what is in flight. */
export function DrainDialog({ tenant, opened, onClose }: DrainDialogProps) {
  const [kinds, setKinds] = useState<ServiceKind[]>(DEFAULT_DRAIN_KINDS);
  const [site, setSite] = useState<Site | null>(null);
  const [timeoutS, setTimeoutS] = useState(DEFAULT_DRAIN_TIMEOUT_S);
  return (
    <PlannedJobDialog
      opened={opened}
      onClose={onClose}
      title={`Drain ${tenant}`}
      confirmLabel="Start drain"
      typedName={tenant}
      danger
      description={
        <>
          The selected services stop acquiring new work for <Code>{tenant}</Code> and the job waits until its inflight
          work reaches zero (or the timeout). The tenant stays drained until it is resumed or migrated.
        </>
      }
      form={
        <Group align="flex-end" gap="lg" wrap="wrap">
          <Checkbox.Group
            label="Kinds"
            value={kinds}
            onChange={(values) => setKinds(values.filter(isServiceKind))}
            error={kinds.length === 0 ? "Pick at least one kind" : undefined}
          >
            <Group gap="sm" mt={6}>
              {SERVICE_KINDS.map((kind) => (
                <Checkbox key={kind} value={kind} label={kind} data-testid={`drain-kind-${kind}`} />
              ))}
            </Group>
          </Checkbox.Group>
          <NativeSelect
            label="Site"
            value={site ?? ""}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setSite(value === "primary" || value === "dr" ? value : null);
            }}
            data={[
              { value: "", label: "both sites" },
              { value: "primary", label: "primary" },
              { value: "dr", label: "dr" },
            ]}
            w={160}
            data-testid="drain-site"
          />
          {timeoutInput(timeoutS, setTimeoutS, DEFAULT_DRAIN_TIMEOUT_S, "drain-timeout")}
        </Group>
      }
      request={drainRequest(tenant, kinds, site, timeoutS)}
    />
  );
}

interface MigrateDialogProps {
  tenant: string;
  /** The kind to preselect (null: closed). */
  kind: PlacementKind | null;
  placements: TenantKindPlacement[];
  onClose: () => void;
}

/** tenant.migrate: gates -> drain -> compare-and-set placement -> reload -> verify -> resume on target.
 * Mounted per opening (kind not null), so the form starts fresh each time. */
export function MigrateDialog({ tenant, kind, placements, onClose }: MigrateDialogProps) {
  return kind === null ? null : <MigrateDialogBody tenant={tenant} initialKind={kind} placements={placements} onClose={onClose} />;
}

interface MigrateDialogBodyProps {
  tenant: string;
  initialKind: PlacementKind;
  placements: TenantKindPlacement[];
  onClose: () => void;
}

function MigrateDialogBody({ tenant, initialKind, placements, onClose }: MigrateDialogBodyProps) {
  const [kind, setKind] = useState<PlacementKind>(initialKind);
  const [target, setTarget] = useState<string | null>(null);
  const [timeoutS, setTimeoutS] = useState(DEFAULT_MIGRATE_TIMEOUT_S);
  const services = $api.useQuery("get", "/api/v1/fleet/services", { params: { query: { kind, limit: 500 } } });
  const current = placements.find((placement) => placement.kind === kind);
  const options = migrationTargets(services.data?.items ?? [], kind, current?.service ?? null);
  const chosen = target !== null && options.some((option) => option.value === target) ? target : null;
  return (
    <PlannedJobDialog
      opened
      onClose={onClose}
      title={`Migrate ${tenant}`}
      confirmLabel="Start migration"
      typedName={tenant}
      description={
        <>
          Moves <Code>{tenant}</Code> to another service: preflight gates (health, lag, inflight), drain, a
          compare-and-set of <Code>{current?.key ?? `${kind}_placement`}</Code> on revision {current?.revision ?? 0},
          reload, verification that every service reports the new revision, then resume on the target.
        </>
      }
      form={
        <Stack gap="xs">
          <Group align="flex-end" gap="lg" wrap="wrap">
            <NativeSelect
              label="Kind"
              value={kind}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (isPlacementKind(value)) {
                  setKind(value);
                  setTarget(null);
                }
              }}
              data={PLACEMENT_KINDS.map((value) => ({ value, label: value }))}
              w={160}
              data-testid="migrate-kind"
            />
            <NativeSelect
              label="Target service"
              value={chosen ?? ""}
              onChange={(event) => setTarget(event.currentTarget.value || null)}
              data={[{ value: "", label: services.isPending ? "loading…" : "choose a service" }, ...options]}
              w={300}
              data-testid="migrate-target"
            />
            {timeoutInput(timeoutS, setTimeoutS, DEFAULT_MIGRATE_TIMEOUT_S, "migrate-timeout")}
          </Group>
          <Text size="xs" c="dimmed">
            Now on <Code>{current?.service ?? "nothing"}</Code>
            {services.isSuccess && options.length === 0 ? ` · no other ${kind} service is registered` : ""}
          </Text>
        </Stack>
      }
      request={migrateRequest(tenant, kind, chosen, timeoutS)}
    />
  );
}
