import { describe, expect, it } from 'vitest';
import type { DocumentStatus } from '../schema.js';
import { type ForwardRole, forwardRefusal, nextStatus } from './handling.js';
import type { OwnState } from './own.js';

describe('who may forward (předat) a document in which status', () => {
  it.each<
    [
      string,
      DocumentStatus,
      'incoming' | 'own',
      OwnState | null,
      ForwardRole,
      'ok' | 'forbidden' | 'conflict',
    ]
  >([
    ['the handler, assigned to them', 'assigned', 'incoming', null, 'handler', 'ok'],
    ['the handler, accepted', 'accepted', 'incoming', null, 'handler', 'ok'],
    ['the stand-in, accepted', 'accepted', 'incoming', null, 'delegate', 'ok'],
    ['the stand-in, assigned', 'assigned', 'incoming', null, 'delegate', 'ok'],
    ['the head of the unit, assigned', 'assigned', 'incoming', null, 'head', 'ok'],
    ['the head of the unit, accepted', 'accepted', 'incoming', null, 'head', 'ok'],
    ['someone else (e.g. the registry)', 'accepted', 'incoming', null, 'none', 'forbidden'],
    ['someone else, even when settled', 'settled', 'incoming', null, 'none', 'forbidden'],
    ['the handler, settled', 'settled', 'incoming', null, 'handler', 'conflict'],
    ['the head, settled', 'settled', 'incoming', null, 'head', 'conflict'],
    ['the head, at the registry', 'registered', 'incoming', null, 'head', 'conflict'],
    ['the head, returned to the registry', 'returned', 'incoming', null, 'head', 'conflict'],
    ['the author, own draft', 'accepted', 'own', 'draft', 'handler', 'ok'],
    ['the author, own final document', 'accepted', 'own', 'final', 'handler', 'ok'],
    ['the author, own document returned by the head', 'accepted', 'own', 'returned', 'handler', 'ok'],
    ['the author, own document waiting for approval', 'accepted', 'own', 'submitted', 'handler', 'conflict'],
    ['the head, own document waiting for approval', 'accepted', 'own', 'submitted', 'head', 'conflict'],
    ['the author, own document settled', 'settled', 'own', 'final', 'handler', 'conflict'],
  ])('%s → %s', (_name, status, direction, ownState, role, expected) => {
    const r = forwardRefusal({ status, direction, ownState, role });
    expect(r === null ? 'ok' : r.kind).toBe(expected);
  });

  it.each<[DocumentStatus, DocumentStatus | null]>([
    ['assigned', 'assigned'],
    ['accepted', 'assigned'],
    ['registered', null],
    ['returned', null],
    ['settled', null],
  ])('forwarded from %s the document is %s (the new handler accepts it)', (from, to) => {
    expect(nextStatus(from, 'forward')).toBe(to);
  });
});
