// Names for the API shapes every part of the UI uses (the session's principal, problems); a
// feature names its own shapes in its api/types.ts. Every type here is derived from the generated
// schema (by operation id, which the backend keeps stable); nothing is written by hand.
import type { operations } from "./schema";

/** The JSON body type of an openapi-typescript response or request entry. */
export type JsonOf<R> = R extends { content: { "application/json": infer T } } ? T : never;
type ProblemOf<R> = R extends { content: { "application/problem+json": infer T } } ? T : never;

export type Principal = JsonOf<operations["get_me"]["responses"][200]>;
export type RoleBinding = Principal["bindings"][number];
export type Role = RoleBinding["role"];

export type Problem = ProblemOf<operations["get_me"]["responses"][401]>;
export type FieldError = NonNullable<Problem["errors"]>[number];
