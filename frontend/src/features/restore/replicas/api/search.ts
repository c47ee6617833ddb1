// The replicas tab's filters in the URL: /restore/replicas?consumer=…&group=….
import { LIST_PAGE_SIZE } from "@/features/restore/shared/api/restore";
import { NAME, matching } from "@/features/restore/shared/lib/searchParams";
import type { ReplicaQuery } from "./types";

const CONSUMER_ID = /^[a-z]+:[A-Za-z0-9._:@-]{1,150}$/;

export interface ReplicasSearch {
  consumer?: string;
  group?: string;
}

export function parseReplicasSearch(raw: Record<string, unknown>): ReplicasSearch {
  const search: ReplicasSearch = {};
  const consumer = matching(raw.consumer, CONSUMER_ID);
  const group = matching(raw.group, NAME);
  if (consumer) search.consumer = consumer;
  if (group) search.group = group;
  return search;
}

export function replicasSearchToQuery(search: ReplicasSearch): ReplicaQuery {
  const query: ReplicaQuery = { limit: LIST_PAGE_SIZE };
  if (search.consumer) query.consumer_id = search.consumer;
  if (search.group) query.group = search.group;
  return query;
}
