const MINUTE = 60_000;

/** "2026-11-02 14:00:52 UTC": one zone for everyone reading the same page, as AppConfig reports it. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "1 h 05 min", "3 min 20 s", "12 s": an elapsed time, to the second under an hour. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return `${seconds} s`;
}

/** "15 min", "1 h 30 min": a strategy's duration or bake time, which AppConfig gives in minutes. */
export function formatMinutes(minutes: number): string {
  return minutes >= 60 ? formatDuration(minutes * MINUTE) : `${minutes} min`;
}

/**
 * How long a deployment has run: to its completion when it has one, else to `now`. Never negative,
 * as a browser's clock may lag the one that stamped `startedAt`.
 */
export function elapsedMs(startedAt: string, completedAt: string | null | undefined, now: number): number {
  const start = Date.parse(startedAt);
  const end = completedAt ? Date.parse(completedAt) : now;
  return Math.max(0, end - start);
}
