// Where the shell's global search goes. A UUID is tried as a job id first; anything else (or a
// UUID that is no job) as a correlation id: GET /jobs?correlation_id= lists the jobs created by
// requests of that correlation id. One job opens it; none or several open the audit log for it.

export type SearchTarget =
  | { kind: "job"; jobId: string }
  | { kind: "audit"; correlationId: string }
  | { kind: "none" };

/** Where the search lands, and a note when it could not go straight to one job. */
export type SearchResult =
  | { kind: "job"; jobId: string }
  | { kind: "audit"; correlationId: string; note: string }
  | { kind: "none" };

export interface SearchLookups {
  /** True when a job with this id exists and is readable. */
  jobExists: (jobId: string) => Promise<boolean>;
  /** Ids of the jobs created by requests with this correlation id. */
  jobsByCorrelation: (correlationId: string) => Promise<string[]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function looksLikeUuid(value: string): boolean {
  return UUID.test(value.trim());
}

export function searchTarget(raw: string): SearchTarget {
  const value = raw.trim();
  if (value === "") return { kind: "none" };
  if (looksLikeUuid(value)) return { kind: "job", jobId: value.toLowerCase() };
  return { kind: "audit", correlationId: value };
}

/** Resolves what the operator typed: one job when it identifies one, else the audit log. */
export async function resolveSearch(raw: string, lookups: SearchLookups): Promise<SearchResult> {
  const target = searchTarget(raw);
  if (target.kind === "none") return target;
  if (target.kind === "job" && (await lookups.jobExists(target.jobId))) return target;
  const correlationId = target.kind === "job" ? target.jobId : target.correlationId;
  const jobIds = [...new Set(await lookups.jobsByCorrelation(correlationId))];
  const [only] = jobIds;
  if (jobIds.length === 1 && only) return { kind: "job", jobId: only };
  const note =
    jobIds.length > 1
      ? `${jobIds.length} jobs share this correlation id; showing its audit entries`
      : "No job has this id or correlation id; showing the audit log for it";
  return { kind: "audit", correlationId, note };
}
