// The intake preparer on a worker thread gives what the writer's thread gives, and falls back to it.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { phoneIndex } from '../identity/subject-index.js';
import { generateKeyFile, Keyring } from '../platform/crypto/keyring.js';
import { Vault } from '../platform/crypto/vault.js';
import { loadDefaultCatalogue } from '../screening/default-catalogue.js';
import { createScreener } from '../screening/screener.js';
import { intakeBody } from '../testing/parcel-factories.js';
import { InlineIntakePreparer, WorkerIntakePreparer, type PreparationItem } from './intake-preparer.js';
import { PARCEL_FIELD_CONTEXT } from './parcels.tables.js';

const keyring = Keyring.fromKeys(generateKeyFile());
const vault = new Vault(keyring);
const screener = createScreener(loadDefaultCatalogue());
const silent = pino({ level: 'silent' });

function items(count: number): PreparationItem[] {
  return Array.from({ length: count }, (_, n) => {
    const input = intakeBody('site-1', {
      items: [{ description: n % 3 === 0 ? '仿真手枪一把' : 'cotton T-shirt', quantity: 1 }],
      recipient: { name: `收件人${n}`, phone: '13987654321', address: `北京市朝阳区建国路${n}号` },
    });
    return { input, waybillNo: input.waybillNo.toUpperCase() };
  });
}

describe('intake preparer', () => {
  let preparer: WorkerIntakePreparer | null = null;
  afterEach(async () => {
    await preparer?.close();
    preparer = null;
  });

  it('hashes, screens and seals on the worker exactly as on the writer thread, across parts', async () => {
    preparer = new WorkerIntakePreparer(keyring, silent);
    const given = items(130);
    const onWorker = await Promise.all(preparer.prepare(given, screener));
    const inline = await Promise.all(new InlineIntakePreparer(vault).prepare(given, screener));
    // Four parts (8, then up to 50 each), all on the worker: none handed back to this thread.
    expect(preparer.parts).toEqual({ onWorker: 4, handedBack: 0 });
    expect(
      onWorker.map(({ requestHash, screened, recipientIndex }) => ({
        requestHash,
        screened,
        recipientIndex,
      })),
    ).toEqual(
      inline.map(({ requestHash, screened, recipientIndex }) => ({ requestHash, screened, recipientIndex })),
    );
    expect(onWorker[0]!.screened[0]!.verdict).toBe('prohibited');
    expect(onWorker[1]!.screened[0]!.verdict).toBe('clear');
    expect(onWorker[77]!.recipientIndex).toBe(phoneIndex(vault, '13987654321'));
    // Fresh nonces on each side, and each opens with the writer's vault under its own column's context only.
    expect(onWorker[77]!.sealed.recipientName).not.toBe(inline[77]!.sealed.recipientName);
    expect(vault.decrypt(onWorker[77]!.sealed.recipientName, PARCEL_FIELD_CONTEXT.recipientName)).toBe(
      '收件人77',
    );
    expect(() =>
      vault.decrypt(onWorker[77]!.sealed.recipientName, PARCEL_FIELD_CONTEXT.recipientAddress),
    ).toThrow();
    expect(vault.decrypt(onWorker[129]!.sealed.recipientAddress, PARCEL_FIELD_CONTEXT.recipientAddress)).toBe(
      '北京市朝阳区建国路129号',
    );
  });

  it('screens with each catalogue version it is given, the newest and the one before', async () => {
    preparer = new WorkerIntakePreparer(keyring, silent);
    const catalogue = loadDefaultCatalogue();
    const relaxed = createScreener({
      ...catalogue,
      version: `${catalogue.version}-relaxed`,
      exceptions: [...catalogue.exceptions, '仿真手枪一把'],
    });
    const [strict] = await Promise.all(preparer.prepare(items(1), screener));
    const [lenient] = await Promise.all(preparer.prepare(items(1), relaxed));
    const [strictAgain] = await Promise.all(preparer.prepare(items(1), screener));
    expect(strict!.screened[0]!.verdict).toBe('prohibited');
    expect(lenient!.screened[0]!.catalogueVersion).toBe(`${catalogue.version}-relaxed`);
    expect(strictAgain!.screened[0]!.verdict).toBe('prohibited');
  });

  it('prepares on the writer thread once its worker is gone', async () => {
    preparer = new WorkerIntakePreparer(keyring, silent);
    await Promise.all(preparer.prepare(items(2), screener));
    expect(preparer.parts.onWorker).toBe(1);
    await preparer.close();
    const [after] = await Promise.all(preparer.prepare(items(1), screener));
    expect(after!.screened[0]!.verdict).toBe('prohibited');
    expect(vault.decrypt(after!.sealed.recipientName, PARCEL_FIELD_CONTEXT.recipientName)).toBe('收件人0');
  });
});
