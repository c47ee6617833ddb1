// Restore replica declarations: API shapes derived from the generated schema.
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";

export type ReplicaPage = JsonOf<operations["list_restore_replicas"]["responses"][200]>;
export type Replica = ReplicaPage["items"][number];
export type ReplicaQuery = NonNullable<operations["list_restore_replicas"]["parameters"]["query"]>;
export type ReplicaCreate = operations["declare_restore_replica"]["requestBody"]["content"]["application/json"];
