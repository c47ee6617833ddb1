// The runs tab's filters in the URL: /restore/runs?server=…&group=…&status=….
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";

import { NAME, matching, oneOf } from "@/features/restore/shared/lib/searchParams";
import { RUN_STATUSES, type RunStatus } from "../lib/decision";

export type RunPage = JsonOf<operations["list_restore_runs"]["responses"][200]>;
export type RunListItem = RunPage["items"][number];
export type RunQuery = NonNullable<operations["list_restore_runs"]["parameters"]["query"]>;

export interface RunsSearch {
  server?: string;
  group?: string;
  status?: RunStatus;
}

export function parseRunsSearch(raw: Record<string, unknown>): RunsSearch {
  const search: RunsSearch = {};
  const server = matching(raw.server, NAME);
  const group = matching(raw.group, NAME);
  const status = oneOf(raw.status, RUN_STATUSES);
  if (server) search.server = server;
  if (group) search.group = group;
  if (status) search.status = status;
  return search;
}

/** Runs per page of the list ("Load more" fetches the next). */
export const RUNS_PAGE_SIZE = 25;

export function runsSearchToQuery(search: RunsSearch): RunQuery {
  const query: RunQuery = { limit: RUNS_PAGE_SIZE };
  if (search.server) query.server = search.server;
  if (search.group) query.group = search.group;
  if (search.status) query.status = search.status;
  return query;
}
