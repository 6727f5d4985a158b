import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/pagination/cursor.js';

describe('deployment cursors', () => {
  it.each([
    { pageToken: null, index: 0 },
    { pageToken: 'eyJhIjoxfQ==/+', index: 49 },
    { pageToken: 'x'.repeat(2048), index: 7 },
  ])('round-trips %j', (position) => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    '',
    'not base64 at all!',
    Buffer.from('[2,null,0]').toString('base64url'),
    Buffer.from('[1,null,-1]').toString('base64url'),
    Buffer.from('[1,"",0]').toString('base64url'),
    Buffer.from('{"a":1}').toString('base64url'),
  ])('rejects %j', (cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
