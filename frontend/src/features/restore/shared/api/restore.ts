// What every restore sub-feature shares: the consumer shapes (a declaration names a consumer and
// what it can serve), list sizes, the refresh interval and the query keys a mutation invalidates.
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";

export type ConsumerList = JsonOf<operations["list_restore_consumers"]["responses"][200]>;
export type Consumer = ConsumerList["items"][number];
export type Capability = Consumer["capabilities"][number];

/** Catalog and declaration lists are small (tens to hundreds); one generous page each. */
export const LIST_PAGE_SIZE = 500;
/** Consumers and replicas change when agents register; refresh while the tab is visible. */
export const RESTORE_REFRESH_MS = 15_000;

/** Query keys to invalidate after a mutation (openapi-react-query keys start with method and path). */
export const REPLICAS_KEY = ["get", "/api/v1/restore/replicas"] as const;
export const CONSUMERS_KEY = ["get", "/api/v1/restore/consumers"] as const;
export const GROUPS_KEY = ["get", "/api/v1/backups/groups"] as const;
export const SERVERS_KEY = ["get", "/api/v1/backups/servers"] as const;
