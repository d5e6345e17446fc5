/** How long ago an ISO time was, in the words a status line uses: "just now", "4 min ago", "3 h ago", "2 days ago". */
export function ageText(iso: string, now: number): string {
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** The ISO time `hours` before `now` (e.g. "since yesterday" is 24 hours before now). */
export function isoHoursBefore(hours: number, now: number): string {
  return new Date(now - hours * 3_600_000).toISOString();
}
