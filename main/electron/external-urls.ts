/**
 * Links the app may hand to the system browser: https only, no credentials in the URL,
 * and (vmrc:) the VMware Remote Console protocol with a clone ticket.
 */
export function isVettedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return url.hostname.length > 0;
  return url.protocol === 'vmrc:' && url.searchParams.has('moid');
}
