import { Badge } from "@mantine/core";

import type { JobStatus } from "@/features/jobs/api/types";
import { JOB_STATUS_COLORS, statusLabel, statusVariant } from "@/features/jobs/lib/status";

export function JobStatusBadge({ status, size = "sm" }: { status: JobStatus; size?: "sm" | "md" | "lg" }) {
  return (
    <Badge
      color={JOB_STATUS_COLORS[status]}
      variant={statusVariant(status)}
      size={size}
      style={{ minWidth: "max-content" }}
      data-testid="job-status"
      data-status={status}
    >
      {statusLabel(status)}
    </Badge>
  );
}
