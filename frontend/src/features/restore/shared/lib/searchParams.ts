// Restore's filters live in the URL (shareable links). Values the API would reject are dropped,
// not sent: these are the checks every restore tab's search parser uses.

/** A group or server name, as the API accepts it. */
export const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** The trimmed value when it is a string matching `pattern`, else undefined. */
export function matching(value: unknown, pattern: RegExp): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return pattern.test(trimmed) ? trimmed : undefined;
}

/** The value when it is one of `allowed`, else undefined. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return allowed.find((entry) => entry === value);
}
