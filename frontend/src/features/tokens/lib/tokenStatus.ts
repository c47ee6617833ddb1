import type { ApiToken } from "@/features/tokens/api/types";

export type TokenStatus = "active" | "revoked" | "expired";

export const STATUS_COLORS: Record<TokenStatus, string> = { active: "teal", revoked: "red", expired: "gray" };

/** Revoked wins over expired: it is the stronger, deliberate state. */
export function tokenStatus(token: ApiToken, now: number = Date.now()): TokenStatus {
  if (token.revoked_at) return "revoked";
  if (token.expires_at && new Date(token.expires_at).getTime() <= now) return "expired";
  return "active";
}
