// Audit log shapes (derived from the generated schema, by operation id).
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";

export type AuditPage = JsonOf<operations["list_audit"]["responses"][200]>;
export type AuditEntry = AuditPage["items"][number];
export type AuditOutcome = AuditEntry["outcome"];
export type AuditQuery = NonNullable<operations["list_audit"]["parameters"]["query"]>;
export type AuditVerification = JsonOf<operations["verify_audit_chain"]["responses"][200]>;
