// Sign-in API shapes (derived from the generated schema, by operation id).
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";

export type LoginRequest = operations["login"]["requestBody"]["content"]["application/json"];
export type LoginResponse = JsonOf<operations["login"]["responses"][200]>;
