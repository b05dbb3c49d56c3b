/** JSON columns: parsed defensively (a corrupt value reads as the fallback, never throws). */
export function parseJsonColumn(text: string | null, fallback: unknown): unknown {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
}

export function stringList(text: string | null): string[] {
  const v = parseJsonColumn(text, []);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

export function jsonObject(text: string | null): Record<string, unknown> {
  const v = parseJsonColumn(text, {});
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

/** Normalizes any parseable timestamp to `Date#toISOString()` so that strings sort by time. */
export function normalizeTime(value: string | Date | null): string | null {
  if (value === null) return null;
  const d = typeof value === "string" ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
