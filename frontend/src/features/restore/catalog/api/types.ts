// The backup catalog (groups and servers): API shapes derived from the generated schema.
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";

export type BackupGroupPage = JsonOf<operations["list_backup_groups"]["responses"][200]>;
export type BackupGroup = BackupGroupPage["items"][number];
export type BackupGroupCreate = operations["create_backup_group"]["requestBody"]["content"]["application/json"];
export type BackupGroupPatch = operations["update_backup_group"]["requestBody"]["content"]["application/json"];
export type ServerPage = JsonOf<operations["list_backup_servers"]["responses"][200]>;
export type BackupServer = ServerPage["items"][number];
export type ServerQuery = NonNullable<operations["list_backup_servers"]["parameters"]["query"]>;
