import { createCipheriv } from 'node:crypto';

/** VNC reverses the bits of every key byte before using the password as a DES key. */
export function reverseBits(byte: number): number {
  let result = 0;
  for (let bit = 0; bit < 8; bit += 1) result |= ((byte >> bit) & 1) << (7 - bit);
  return result;
}

/**
 * Single DES in ECB mode. OpenSSL 3 moved `des-ecb` to its legacy provider, but
 * triple DES with three equal keys is single DES, and `des-ede3-ecb` is still there.
 */
export function desEncrypt(key8: Buffer, data: Buffer): Buffer {
  const cipher = createCipheriv('des-ede3-ecb', Buffer.concat([key8, key8, key8]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/**
 * The answer to a VNC authentication challenge (security type 2): the 16-byte challenge
 * encrypted with the password's first 8 bytes (zero-padded, bits reversed) as DES key.
 */
export function vncAuthResponse(challenge: Buffer, password: string): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8);
  for (let i = 0; i < 8; i += 1) key[i] = reverseBits(key[i] as number);
  return desEncrypt(key, challenge);
}
