// The jobs list's filters live in the URL (deep-linkable); this is the one mapping between the
// URL's search params and the API query.
import type { JobQuery, JobStatus } from "@/features/jobs/api/types";
import { isJobStatus } from "@/features/jobs/lib/status";

export const PAGE_SIZE = 50;

export interface JobsSearch {
  kind?: string;
  status?: JobStatus;
  scope?: string;
  created_by?: string;
}

function text(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** validateSearch for /jobs: keeps known, non-empty, well-formed filters; drops the rest. */
export function parseJobsSearch(raw: Record<string, unknown>): JobsSearch {
  const search: JobsSearch = {};
  const kind = text(raw.kind);
  if (kind) search.kind = kind;
  if (typeof raw.status === "string" && isJobStatus(raw.status)) search.status = raw.status;
  const scope = text(raw.scope);
  if (scope) search.scope = scope;
  const createdBy = text(raw.created_by);
  if (createdBy) search.created_by = createdBy;
  return search;
}

/** The GET /api/v1/jobs query for these filters (first page; the cursor is added per page). */
export function jobsSearchToQuery(search: JobsSearch): JobQuery {
  const query: JobQuery = { limit: PAGE_SIZE };
  if (search.kind) query.kind = search.kind;
  if (search.status) query.status = search.status;
  if (search.scope) query.scope = search.scope;
  if (search.created_by) query.created_by = search.created_by;
  return query;
}

export function isFiltered(search: JobsSearch): boolean {
  return Boolean(search.kind || search.status || search.scope || search.created_by);
}
