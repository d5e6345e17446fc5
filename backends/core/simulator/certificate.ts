import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

export interface SelfSignedCertificate {
  key: string;
  cert: string;
  /** SHA-256, "AB:CD:…", as Node and the TLS trust code print it. */
  fingerprint256: string;
}

/** A self-signed certificate for 127.0.0.1 and localhost — what real lab servers present. */
export async function createSelfSignedCertificate(commonName: string): Promise<SelfSignedCertificate> {
  const generated = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: generated.private, cert: generated.cert, fingerprint256: new X509Certificate(generated.cert).fingerprint256 };
}
