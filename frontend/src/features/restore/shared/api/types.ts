// Restore control API shapes (derived from the generated schema): catalog, replicas, consumers.
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";

export type ReplicaPage = JsonOf<operations["list_restore_replicas"]["responses"][200]>;
export type Replica = ReplicaPage["items"][number];
export type ReplicaQuery = NonNullable<operations["list_restore_replicas"]["parameters"]["query"]>;
export type ReplicaCreate = operations["declare_restore_replica"]["requestBody"]["content"]["application/json"];
export type ConsumerList = JsonOf<operations["list_restore_consumers"]["responses"][200]>;
export type Consumer = ConsumerList["items"][number];
export type Capability = Consumer["capabilities"][number];
export type BackupGroupPage = JsonOf<operations["list_backup_groups"]["responses"][200]>;
export type BackupGroup = BackupGroupPage["items"][number];
export type BackupGroupCreate = operations["create_backup_group"]["requestBody"]["content"]["application/json"];
export type BackupGroupPatch = operations["update_backup_group"]["requestBody"]["content"]["application/json"];
export type ServerPage = JsonOf<operations["list_backup_servers"]["responses"][200]>;
export type BackupServer = ServerPage["items"][number];
export type ServerQuery = NonNullable<operations["list_backup_servers"]["parameters"]["query"]>;
export type BackupRunPage = JsonOf<operations["list_backup_runs"]["responses"][200]>;
export type BackupRun = BackupRunPage["items"][number];

/** Catalog and declaration lists are small (tens to hundreds); one generous page each. */
export const LIST_PAGE_SIZE = 500;
/** Consumers and replicas change when agents register; refresh while the tab is visible. */
export const RESTORE_REFRESH_MS = 15_000;

/** Query keys to invalidate after a mutation (openapi-react-query keys start with method and path). */
export const REPLICAS_KEY = ["get", "/api/v1/restore/replicas"] as const;
export const CONSUMERS_KEY = ["get", "/api/v1/restore/consumers"] as const;
export const GROUPS_KEY = ["get", "/api/v1/backups/groups"] as const;
export const SERVERS_KEY = ["get", "/api/v1/backups/servers"] as const;
