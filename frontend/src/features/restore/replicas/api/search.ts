// Restore's filters live in the URL (shareable links): /restore/replicas?consumer=…&group=…,
// /restore/catalog?group=…. Values that the API would reject are dropped, not sent.
import type { ReplicaQuery, ServerQuery } from "@/features/restore/shared/api/types";
import { LIST_PAGE_SIZE } from "@/features/restore/shared/api/types";

const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const CONSUMER_ID = /^[a-z]+:[A-Za-z0-9._:@-]{1,150}$/;

export interface ReplicasSearch {
  consumer?: string;
  group?: string;
}

export interface CatalogSearch {
  group?: string;
}

function matching(value: unknown, pattern: RegExp): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return pattern.test(trimmed) ? trimmed : undefined;
}

export function parseReplicasSearch(raw: Record<string, unknown>): ReplicasSearch {
  const search: ReplicasSearch = {};
  const consumer = matching(raw.consumer, CONSUMER_ID);
  const group = matching(raw.group, NAME);
  if (consumer) search.consumer = consumer;
  if (group) search.group = group;
  return search;
}

export function parseCatalogSearch(raw: Record<string, unknown>): CatalogSearch {
  const group = matching(raw.group, NAME);
  return group ? { group } : {};
}

export function replicasSearchToQuery(search: ReplicasSearch): ReplicaQuery {
  const query: ReplicaQuery = { limit: LIST_PAGE_SIZE };
  if (search.consumer) query.consumer_id = search.consumer;
  if (search.group) query.group = search.group;
  return query;
}

export function catalogSearchToServerQuery(search: CatalogSearch): ServerQuery {
  const query: ServerQuery = { limit: LIST_PAGE_SIZE };
  if (search.group) query.group = search.group;
  return query;
}
