// The health tab's filters in the URL: /restore/health?status=failing&group=….
import type { operations } from "@/api/schema";

import { NAME, matching, oneOf } from "@/features/restore/shared/lib/searchParams";
import { HEALTH_STATUSES, type HealthStatus } from "../lib/health";

export type HealthQuery = NonNullable<operations["get_restore_health"]["parameters"]["query"]>;

export interface HealthSearch {
  status?: HealthStatus;
  group?: string;
}

export function parseHealthSearch(raw: Record<string, unknown>): HealthSearch {
  const search: HealthSearch = {};
  const status = oneOf(raw.status, HEALTH_STATUSES);
  const group = matching(raw.group, NAME);
  if (status) search.status = status;
  if (group) search.group = group;
  return search;
}

export function healthSearchToQuery(search: HealthSearch): HealthQuery {
  const query: HealthQuery = {};
  if (search.status) query.status = search.status;
  if (search.group) query.group = search.group;
  return query;
}
