// TanStack Query hooks typed by the schema (openapi-react-query) and the app's QueryClient.
import { QueryClient } from "@tanstack/react-query";
import createQueryHooks from "openapi-react-query";

import { client } from "./client";
import { errorStatus } from "./problem";

export const $api = createQueryHooks(client);

/** Retries only what may heal by itself: network failures and 5xx, at most twice. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  const status = errorStatus(error);
  if (status !== null && status < 500) return false;
  return failureCount < 2;
}

export function createAppQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 5_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
