import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client } from "@/api/client";
import { ApiCallError, describeError, parseRetryAfter } from "@/api/problem";
import { meQueryOptions } from "@/api/session";

import type { LoginRequest, LoginResponse } from "./types";

/** Logs in; failures carry the problem and Retry-After (429) as an ApiCallError. */
export async function login(body: LoginRequest): Promise<LoginResponse> {
  const { data, error, response } = await client.POST("/api/v1/auth/login", { body }).catch((failure: unknown) => {
    throw new ApiCallError(describeError(failure));
  });
  if (data) return data;
  throw new ApiCallError(describeError(error, response), parseRetryAfter(response.headers.get("retry-after")));
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (data) => {
      queryClient.setQueryData(meQueryOptions.queryKey, data.user);
    },
  });
}

/** Ends the session; whatever the server says, local state is cleared and `onDone` runs. */
export function useLogout(onDone: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await client.POST("/api/v1/auth/logout");
    },
    onSettled: () => {
      queryClient.clear();
      onDone();
    },
  });
}

/** Only same-origin paths are followed after login (no open redirect), never back to /login. */
export function safeRedirect(target: string | undefined): string {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return "/";
  if (target === "/login" || target.startsWith("/login?")) return "/";
  return target;
}
