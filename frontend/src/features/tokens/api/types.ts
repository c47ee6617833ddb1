// API token shapes (derived from the generated schema, by operation id).
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";

export type ApiTokenPage = JsonOf<operations["list_tokens"]["responses"][200]>;
export type ApiToken = ApiTokenPage["items"][number];
export type ApiTokenCreate = operations["create_token"]["requestBody"]["content"]["application/json"];
export type ApiTokenCreated = JsonOf<operations["create_token"]["responses"][201]>;
