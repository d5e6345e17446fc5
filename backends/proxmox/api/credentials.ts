import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import type { ConnectionSecrets } from '../../../common/model/connection';

/** How a connection logs in, read from its form fields (see connection-forms.ts). */
export type ProxmoxCredentials =
  { kind: 'password'; username: string; password: string; otp?: string } | { kind: 'token'; tokenId: string; secret: string };

const userAtRealm = /^[^\s:/@]+@[A-Za-z][A-Za-z0-9._-]+$/;
const tokenIdPattern = /^[^\s:/@]+@[A-Za-z][A-Za-z0-9._-]+![A-Za-z][A-Za-z0-9._-]+$/;

export function readCredentials(fields: Record<string, string>, secrets: ConnectionSecrets): ProxmoxCredentials {
  const auth = fields.auth ?? 'password';
  if (auth === 'token') {
    const tokenId = fields.tokenId?.trim() ?? '';
    if (!tokenIdPattern.test(tokenId)) {
      throw new SkydeckFailure(
        'invalid-input',
        `The API token ID must look like user@realm!tokenname (e.g. monitor@pve!skydeck), not "${tokenId}".`,
      );
    }
    const secret = secrets.tokenSecret ?? '';
    if (!secret) throw new SkydeckFailure('invalid-input', `The secret of API token ${tokenId} is missing.`);
    return { kind: 'token', tokenId, secret };
  }
  if (auth !== 'password') throw new SkydeckFailure('invalid-input', `Unknown Proxmox authentication "${auth}" (password or token).`);
  const username = fields.username?.trim() ?? '';
  if (!userAtRealm.test(username)) {
    throw new SkydeckFailure('invalid-input', `The Proxmox user must include its realm, e.g. root@pam or admin@pve, not "${username}".`);
  }
  const password = secrets.password ?? '';
  if (!password) throw new SkydeckFailure('invalid-input', `The password of ${username} is missing.`);
  const otp = secrets.otp?.trim();
  return otp ? { kind: 'password', username, password, otp } : { kind: 'password', username, password };
}
