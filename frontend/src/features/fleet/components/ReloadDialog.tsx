import { Code, NumberInput } from "@mantine/core";
import { useState } from "react";

import { PlannedJobDialog, type JobRequest } from "@/components/PlannedJobDialog";

import type { ServiceKind, Site } from "@/features/fleet/api/types";
import { SITE_LABELS } from "@/features/fleet/lib/grouping";

export interface ReloadTarget {
  kind: ServiceKind | null;
  site: Site | null;
}

export function describeReloadTarget(target: ReloadTarget): string {
  const kind = target.kind ? `${target.kind} services` : "every service";
  return target.site ? `${kind} on the ${SITE_LABELS[target.site].toLowerCase()}` : `${kind} on both sites`;
}

/** The fleet.reload job for a kind and/or site (null: all). */
export function reloadRequest(target: ReloadTarget, timeoutS: number): JobRequest {
  return { kind: "fleet.reload", params: { kind: target.kind, site: target.site, timeout_s: timeoutS } };
}

interface ReloadDialogProps {
  target: ReloadTarget | null;
  onClose: () => void;
}

/** Reload = every matching service re-reads the placement maps now (POST /admin/reload), as a job. */
export function ReloadDialog({ target, onClose }: ReloadDialogProps) {
  const [timeoutS, setTimeoutS] = useState(60);
  return (
    <PlannedJobDialog
      opened={target !== null}
      onClose={onClose}
      title="Reload placement"
      confirmLabel="Start reload"
      description={
        target && (
          <>
            Ask {describeReloadTarget(target)} to re-read the placement maps now and verify each reports the current
            revisions. Runs as a <Code>fleet.reload</Code> job.
          </>
        )
      }
      form={
        <NumberInput
          label="Timeout (seconds)"
          description="How long to wait for every service to report the current revisions."
          min={1}
          max={3600}
          value={timeoutS}
          onChange={(value) => setTimeoutS(typeof value === "number" ? value : 60)}
          w={260}
          data-testid="reload-timeout"
        />
      }
      request={target ? reloadRequest(target, timeoutS) : null}
    />
  );
}
