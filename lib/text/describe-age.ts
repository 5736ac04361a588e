/** An age for people, from whole minutes: `45 min ago`, `5 h 12 min ago`, `3 d 2 h ago`; negative ages read as 0. */
export function describeAge(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 60) return `${m} min ago`;
  if (m < 48 * 60) return `${Math.floor(m / 60)} h ${m % 60} min ago`;
  return `${Math.floor(m / 1440)} d ${Math.floor((m % 1440) / 60)} h ago`;
}
