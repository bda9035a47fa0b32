import type { App } from '../app.js';

/**
 * The public keys a verification trusts: those derived from the configured key material. Keys found only in
 * the database are not trusted (whoever could rewrite the log could also plant a key there).
 */
export async function trustedSigningKeys(app: Pick<App, 'signer'>): Promise<Map<string, string>> {
  return Promise.resolve(new Map(app.signer.publicKeys().map((key) => [key.keyId, key.publicKeyPem])));
}
