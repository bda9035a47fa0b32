// The intake worker thread (started by WorkerIntakePreparer): hashes, screens and seals parts of intake groups,
// and indexes each sender's document, name and phone ahead (for the writer's vault to adopt).
// It holds the active encryption key and the blind-index key, never the signing keys, and a screener per
// catalogue version it was sent (the newest two: a group in flight may still use the one before).
import { parentPort } from 'node:worker_threads';
import { Vault, type VaultKeys } from '../platform/crypto/vault.js';
import { createScreener, type Screener } from '../screening/screener.js';
import { prepareFields, prepareSenderKeys } from './intake-preparation.js';
import { WORKER_CATALOGUES, type PreparerAnswer, type PreparerMessage } from './intake-preparer.js';

let vault: Vault | null = null;
const screeners = new Map<string, Screener>();

function keysOf(activeKeyId: string, key: Buffer, blindIndex: Buffer): VaultKeys {
  return {
    activeEncryptionKeyId: activeKeyId,
    encryptionKey: (id: string) => (id === activeKeyId ? key : undefined),
    reloadIfChanged: () => false,
    blindIndex,
  };
}

parentPort!.on('message', (message: PreparerMessage) => {
  if (message.kind === 'keys') {
    vault = new Vault(keysOf(message.activeKeyId, Buffer.from(message.key), Buffer.from(message.blindIndex)));
    return;
  }
  if (message.kind === 'catalogue') {
    screeners.set(message.catalogue.version, createScreener(message.catalogue));
    while (screeners.size > WORKER_CATALOGUES) screeners.delete(screeners.keys().next().value!);
    return;
  }
  let answer: PreparerAnswer;
  try {
    const screener = screeners.get(message.version);
    if (screener === undefined || vault === null) throw new Error('keys or catalogue not received');
    const sealer = vault;
    answer = {
      kind: 'prepared',
      id: message.id,
      results: message.items.map((item) => {
        const fields = prepareFields(item.input, item.waybillNo, screener, sealer);
        const senderKeys = prepareSenderKeys(item.input, message.now, sealer);
        return senderKeys === undefined ? fields : { ...fields, senderKeys };
      }),
    };
  } catch (error) {
    answer = {
      kind: 'failed',
      id: message.id,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  parentPort!.postMessage(answer);
});
