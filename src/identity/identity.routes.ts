import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, withErrors } from '../http/schemas.js';
import { contextOf, type RouteServices } from '../http/request-context.js';
import {
  AddWatchlistBody,
  ClueListQuery,
  ClueSchema,
  GateBody,
  GateDecisionSchema,
  RefusalListQuery,
  RefusalSchema,
  RetentionReportSchema,
  SenderLookupBody,
  SenderSchema,
  UnmaskBody,
  UnmaskedSenderSchema,
  WatchlistEntrySchema,
  WatchlistListQuery,
} from './identity.schemas.js';

/** The identity gate, senders, refusals, clues, the watchlist and retention. */
export function identityRoutes(
  app: RouteServices<'clues' | 'identityGate' | 'refusals' | 'retention' | 'senders' | 'watchlist'>,
): FastifyPluginAsyncTypebox {
  return async (server) => {
    const tags = ['identity'];

    server.post(
      '/identity/gate',
      {
        config: { access: 'identity:verify' },
        schema: {
          tags,
          summary:
            'Run the identity gate for one sender: pass, refuse (recorded) or hold (refer to a supervisor)',
          body: GateBody,
          response: withErrors({ 200: GateDecisionSchema }),
        },
      },
      async (request) => {
        // Clues are for security officers: the counter does not learn that one was raised (nor a blind index).
        const {
          clueIds: _clueIds,
          documentIndex: _documentIndex,
          ...counterView
        } = await app.identityGate.decide(contextOf(request), request.body);
        return counterView;
      },
    );

    server.get(
      '/identity/senders/:id',
      {
        config: { access: 'identity:read' },
        schema: {
          tags,
          summary: 'One sender, masked',
          params: IdParams,
          response: withErrors({ 200: SenderSchema }),
        },
      },
      (request) => app.senders.getSender(contextOf(request), request.params.id),
    );
    server.post(
      '/identity/senders/lookup',
      {
        config: { access: 'identity:read' },
        schema: {
          tags,
          summary: 'Find the sender holding a document (sent in the body, never in the URL), masked',
          body: SenderLookupBody,
          response: withErrors({ 200: SenderSchema }),
        },
      },
      (request) => app.senders.getSenderByDocument(contextOf(request), request.body),
    );
    server.post(
      '/identity/senders/:id/unmask',
      {
        config: { access: 'identity:unmask' },
        schema: {
          tags,
          summary: "A sender's personal data in plaintext, for a stated purpose (audited)",
          params: IdParams,
          body: UnmaskBody,
          response: withErrors({ 200: UnmaskedSenderSchema }),
        },
      },
      (request) => app.senders.unmaskSender(contextOf(request), request.params.id, request.body.purpose),
    );

    server.get(
      '/identity/refusals',
      {
        config: { access: 'refusals:read' },
        schema: {
          tags,
          summary: 'Refusals at the identity gate, newest first (station managers: their own site)',
          querystring: RefusalListQuery,
          response: withErrors({ 200: Type.Array(RefusalSchema) }),
        },
      },
      (request) => app.refusals.findRefusals(contextOf(request), request.query),
    );

    server.get(
      '/identity/clues',
      {
        config: { access: 'clues:read' },
        schema: {
          tags,
          summary: 'Clues for security officers (repeated refusals, watchlist hits), newest first',
          querystring: ClueListQuery,
          response: withErrors({ 200: Type.Array(ClueSchema) }),
        },
      },
      (request) => app.clues.findClues(contextOf(request), request.query),
    );

    server.get(
      '/identity/watchlist',
      {
        config: { access: 'watchlist:manage' },
        schema: {
          tags,
          summary: 'Watchlist entries (masked), newest first',
          querystring: WatchlistListQuery,
          response: withErrors({ 200: Type.Array(WatchlistEntrySchema) }),
        },
      },
      (request) => app.watchlist.findEntries(request.query),
    );
    server.post(
      '/identity/watchlist',
      {
        config: { access: 'watchlist:manage' },
        schema: {
          tags,
          summary: 'Watch a document or a phone: a match at the gate holds the parcel and raises a clue',
          body: AddWatchlistBody,
          response: withErrors({ 201: WatchlistEntrySchema }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await app.watchlist.addEntry(contextOf(request), request.body)),
    );
    server.delete(
      '/identity/watchlist/:id',
      {
        config: { access: 'watchlist:manage' },
        schema: {
          tags,
          summary: 'Remove a watchlist entry (kept, marked removed)',
          params: IdParams,
          response: withErrors({ 200: WatchlistEntrySchema }),
        },
      },
      (request) => app.watchlist.removeEntry(contextOf(request), request.params.id),
    );

    server.post(
      '/identity/retention/run',
      {
        config: { access: 'retention:run' },
        schema: {
          tags,
          summary: 'Purge senders and refusals past their retention period (audited with the counts)',
          response: withErrors({ 200: RetentionReportSchema }),
        },
      },
      (request) => app.retention.run(contextOf(request)),
    );
  };
}
