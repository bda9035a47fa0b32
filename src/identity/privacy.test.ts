// Personal data never leaves through a side door: a full identity flow over HTTP with the logger at debug, then
// every captured log line, every response body but the unmasking itself (errors included), every audit row, every
// stored identity row and the /metrics output are searched for each document number, name and phone used.
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import type { Server } from '../http/server.js';
import { createLogger } from '../platform/logger.js';
import { daysFromToday, uniqueUscc, withBadCheckCharacter } from '../testing/identity-factories.js';
import { describeEachDialect, signIn } from '../testing/test-app.js';
import type { Agreement, GateDecision } from './identity.types.js';

const captured: string[] = [];
const logger = createLogger(
  'debug',
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      captured.push(chunk.toString());
      done();
    },
  }),
);

const PERSONAL = {
  numbers: [
    '11010519491231002X',
    '320102197001010011',
    '42010619851212345X',
    '210203200402290035',
    'E98765432',
  ],
  invalidNumber: withBadCheckCharacter('820000197510100023'),
  names: ['钱多多', '钱少少', '欧阳娜娜', 'Marie Curie', '司马相如'],
  phones: ['13811112222', '13933334444', '13755556666', '13677778888', '15099990000'],
};
const everyValue = [...PERSONAL.numbers, PERSONAL.invalidNumber, ...PERSONAL.names, ...PERSONAL.phones];

describeEachDialect(
  'personal data stays out of logs, errors, audit and metrics',
  (env) => {
    it('runs a full identity flow and finds no plaintext outside the unmasking response', async () => {
      const { server, app } = env();
      captured.length = 0;
      const bodies: string[] = [];
      const call = async (
        server: Server,
        method: 'GET' | 'POST' | 'DELETE',
        url: string,
        headers: { authorization: string },
        payload?: object,
      ) => {
        const response = await server.inject({
          method,
          url,
          headers,
          ...(payload === undefined ? {} : { payload }),
        });
        bodies.push(response.body);
        return response;
      };
      const courier = await signIn(server, app, ['courier']);
      const officer = await signIn(server, app, ['security-officer']);
      const admin = await signIn(server, app, ['admin']);
      const siteId = courier.staff.siteId;
      const [number0, number1, number2, number3, passport] = PERSONAL.numbers as [
        string,
        string,
        string,
        string,
        string,
      ];
      const [name0, name1, name2, name3, name4] = PERSONAL.names as [string, string, string, string, string];
      const [phone0, phone1, phone2, phone3, phone4] = PERSONAL.phones as [
        string,
        string,
        string,
        string,
        string,
      ];
      const card = { method: 'card-reader' } as const;
      const person = (number: string, name: string, phone: string) => ({
        documentType: 'resident-id',
        number,
        name,
        phone,
        verification: card,
      });
      const document = (number: string, name: string, phone: string) => ({
        kind: 'document',
        siteId,
        ...person(number, name, phone),
      });

      // Pass, pass again with a new phone, name mismatch, invalid document, refused to show (three times: a clue).
      const gateUrl = '/api/v1/identity/gate';
      const first = await call(server, 'POST', gateUrl, courier.headers, document(number0, name0, phone0));
      const senderId = first.json<GateDecision>().senderId!;
      await call(server, 'POST', gateUrl, courier.headers, document(number0, name0, phone1));
      await call(server, 'POST', gateUrl, courier.headers, document(number0, name1, phone1));
      for (let i = 0; i < 3; i += 1)
        await call(server, 'POST', gateUrl, courier.headers, document(PERSONAL.invalidNumber, name2, phone2));
      await call(server, 'POST', gateUrl, courier.headers, {
        kind: 'document',
        siteId,
        documentType: 'passport',
        number: passport,
        nationality: 'CHN',
        name: name3,
        phone: phone3,
        verification: { method: 'face-match', deviceScore: 0.97 },
      });

      // Watchlist: a document and a phone, then a hold.
      await call(server, 'POST', '/api/v1/identity/watchlist', officer.headers, {
        kind: 'document',
        documentType: 'resident-id',
        number: number1,
        reason: 'case 7',
      });
      await call(server, 'POST', '/api/v1/identity/watchlist', officer.headers, {
        kind: 'phone',
        phone: phone4,
        reason: 'case 8',
      });
      const held = await call(server, 'POST', gateUrl, courier.headers, document(number1, name4, phone4));
      expect(held.json<GateDecision>().decision).toBe('hold');
      await call(server, 'GET', '/api/v1/identity/watchlist', officer.headers);
      await call(server, 'GET', '/api/v1/identity/clues', officer.headers);

      // An agreement customer and its responsible person; a parcel under the agreement.
      const organisation = await call(server, 'POST', '/api/v1/agreements/organisations', admin.headers, {
        name: 'Privacy Test Trading Ltd.',
        uscc: uniqueUscc(),
      });
      const agreement = await call(server, 'POST', '/api/v1/agreements', admin.headers, {
        number: 'SA-PRIV-1',
        organisationId: organisation.json<{ id: string }>().id,
        signedOn: daysFromToday(-1),
        validUntil: daysFromToday(100),
        siteId,
        responsiblePerson: person(number2, name2, phone2),
        permittedGoods: ['paper'],
      });
      expect(agreement.statusCode).toBe(201);
      await call(server, 'POST', gateUrl, courier.headers, {
        kind: 'agreement',
        agreementId: agreement.json<Agreement>().id,
        siteId,
        phone: phone3,
      });

      // Reads and lookups (masked), and errors whose requests carried personal data.
      await call(server, 'GET', `/api/v1/identity/senders/${senderId}`, courier.headers);
      await call(server, 'POST', '/api/v1/identity/senders/lookup', courier.headers, {
        documentType: 'resident-id',
        number: number0,
      });
      const errors = [
        await call(server, 'POST', '/api/v1/identity/senders/lookup', courier.headers, {
          documentType: 'resident-id',
          number: number3,
        }),
        await call(server, 'POST', '/api/v1/identity/senders/lookup', courier.headers, {
          documentType: 'resident-id',
          number: PERSONAL.invalidNumber,
        }),
        await call(server, 'POST', gateUrl, courier.headers, {
          ...document(number3, name3, phone3),
          idNumber: number3,
        }),
        await call(server, 'POST', gateUrl, courier.headers, {
          ...document(number3, name3, phone3),
          kind: 'parcel',
        }),
        await call(server, 'POST', gateUrl, courier.headers, { ...document(number3, name3, `x${phone3}x`) }),
        await call(server, 'POST', gateUrl, courier.headers, {
          ...document(passport, name3, phone3),
          documentType: 'passport',
        }),
        await call(server, 'POST', '/api/v1/identity/watchlist', officer.headers, {
          kind: 'document',
          documentType: 'resident-id',
          number: number1,
          reason: 'case 7 again',
        }),
        await call(server, 'POST', '/api/v1/agreements', admin.headers, {
          number: 'SA-PRIV-2',
          organisationId: organisation.json<{ id: string }>().id,
          signedOn: daysFromToday(-1),
          validUntil: daysFromToday(100),
          siteId,
          responsiblePerson: person(number2, name3, phone3),
          permittedGoods: ['paper'],
        }),
        await call(server, 'POST', `/api/v1/identity/senders/${senderId}/unmask`, courier.headers, {
          purpose: {
            kind: 'reason',
            code: 'counter-dispute',
            text: `customer ${name0} called about ${phone0}`,
          },
        }),
        await call(
          server,
          'POST',
          gateUrl,
          { authorization: 'Bearer pgs_nope' },
          document(number0, name0, phone0),
        ),
      ];
      expect(errors.map((response) => response.statusCode)).toEqual([
        404, 400, 400, 400, 400, 400, 409, 400, 403, 401,
      ]);

      // The one place plaintext may appear: the audited unmasking, by an officer with a purpose.
      const unmasked = await server.inject({
        method: 'POST',
        url: `/api/v1/identity/senders/${senderId}/unmask`,
        headers: officer.headers,
        payload: {
          purpose: {
            kind: 'reason',
            code: 'data-subject-request',
            text: `customer ${name0} phoned from ${phone0} to ask`,
          },
        },
      });
      expect(unmasked.json()).toMatchObject({ documentNumber: number0, name: name0 });

      const metrics = (await server.inject('/metrics')).body;
      const audit = JSON.stringify([
        await app.store.db.selectFrom('audit_entries').selectAll().execute(),
        await app.store.db.selectFrom('audit_leaves').selectAll().execute(),
      ]);
      const stored = JSON.stringify(
        await Promise.all(
          (
            [
              'senders',
              'sender_phones',
              'refusals',
              'clues',
              'watchlist_entries',
              'agreements',
              'agreement_accounts',
            ] as const
          ).map((table) => app.store.db.selectFrom(table).selectAll().execute()),
        ),
      );
      const logs = captured.join('');
      expect(logs).toContain('"msg":"request"');
      expect(logs.split('\n').length).toBeGreaterThan(30);

      const places = { logs, responses: bodies.join('\n'), audit, metrics, stored };
      const leaks = Object.entries(places).flatMap(([place, text]) =>
        everyValue.filter((value) => text.includes(value)).map((value) => `${place}: ${value}`),
      );
      expect(leaks).toEqual([]);
    });
  },
  { logger },
);
