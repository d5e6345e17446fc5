/** Numbers /cluster/resources refreshes every few seconds: metrics, not inventory. */
const liveUsageKeys = ['cpu', 'mem', 'memhost', 'netin', 'netout', 'diskread', 'diskwrite', 'uptime'] as const;

/**
 * A resource row for an object's `native` properties, without its live usage numbers:
 * kept, they would make every sync store a new version of every guest and node.
 */
export function withoutLiveUsage(row: Record<string, unknown>): Record<string, unknown> {
  const stable = { ...row };
  for (const key of liveUsageKeys) delete stable[key];
  return stable;
}
