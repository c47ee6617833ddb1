// Names for the API shapes the UI uses. Every type here is derived from the generated
// schema (by operation id, which the backend keeps stable); nothing is written by hand.
import type { operations } from "./schema";

/** The JSON body type of an openapi-typescript response or request entry. */
export type JsonOf<R> = R extends { content: { "application/json": infer T } } ? T : never;
type ProblemOf<R> = R extends { content: { "application/problem+json": infer T } } ? T : never;

export type Principal = JsonOf<operations["get_me"]["responses"][200]>;
export type RoleBinding = Principal["bindings"][number];
export type Role = RoleBinding["role"];
export type LoginRequest = operations["login"]["requestBody"]["content"]["application/json"];
export type LoginResponse = JsonOf<operations["login"]["responses"][200]>;

export type Problem = ProblemOf<operations["get_me"]["responses"][401]>;
export type FieldError = NonNullable<Problem["errors"]>[number];

export type ApiTokenPage = JsonOf<operations["list_tokens"]["responses"][200]>;
export type ApiToken = ApiTokenPage["items"][number];
export type ApiTokenCreate = operations["create_token"]["requestBody"]["content"]["application/json"];
export type ApiTokenCreated = JsonOf<operations["create_token"]["responses"][201]>;

export type AuditPage = JsonOf<operations["list_audit"]["responses"][200]>;
export type AuditEntry = AuditPage["items"][number];
export type AuditOutcome = AuditEntry["outcome"];
export type AuditQuery = NonNullable<operations["list_audit"]["parameters"]["query"]>;
export type AuditVerification = JsonOf<operations["verify_audit_chain"]["responses"][200]>;

export type Readiness = JsonOf<operations["get_ready"]["responses"][200]>;
export type DependencyCheck = Readiness["checks"][number];
export type DependencyName = DependencyCheck["name"];
export type SystemInfo = JsonOf<operations["get_system_info"]["responses"][200]>;
