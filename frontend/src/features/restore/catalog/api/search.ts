// The catalog tab's filter in the URL: /restore/catalog?group=….
import { LIST_PAGE_SIZE } from "@/features/restore/shared/api/restore";
import { NAME, matching } from "@/features/restore/shared/lib/searchParams";
import type { ServerQuery } from "./types";

export interface CatalogSearch {
  group?: string;
}

export function parseCatalogSearch(raw: Record<string, unknown>): CatalogSearch {
  const group = matching(raw.group, NAME);
  return group ? { group } : {};
}

export function catalogSearchToServerQuery(search: CatalogSearch): ServerQuery {
  const query: ServerQuery = { limit: LIST_PAGE_SIZE };
  if (search.group) query.group = search.group;
  return query;
}
