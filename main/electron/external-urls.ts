/**
 * Links the app may hand to the OS: https without credentials in the URL, and the
 * VMware Remote Console protocol (vmrc:) whose clone ticket sits in the user part.
 */
export function isVettedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return url.hostname.length > 0 && !url.username && !url.password;
  return url.protocol === 'vmrc:' && url.searchParams.has('moid');
}
