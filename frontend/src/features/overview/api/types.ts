// Readiness shapes (derived from the generated schema, by operation id).
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";

export type Readiness = JsonOf<operations["get_ready"]["responses"][200]>;
export type DependencyCheck = Readiness["checks"][number];
export type DependencyName = DependencyCheck["name"];
