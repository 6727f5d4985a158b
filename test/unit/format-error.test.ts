import { describe, expect, it } from 'vitest';
import { createErrorFormatter } from '../../src/server/format-error.js';

const internal = {
  message: 'Cannot read properties of undefined (reading "x") at /srv/app.js:1',
  path: ['deployment'],
  extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['…'] },
};
const coded = { message: 'Deployment 9 does not exist', path: ['deployment'], extensions: { code: 'NOT_FOUND' } };

describe('error formatting', () => {
  it('masks uncoded errors in production, keeping their path', () => {
    expect(createErrorFormatter(true)(internal, new Error())).toEqual({
      message: 'Internal server error',
      path: ['deployment'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('passes coded errors through in production', () => {
    expect(createErrorFormatter(true)(coded, new Error())).toBe(coded);
  });

  it('shows everything in development', () => {
    expect(createErrorFormatter(false)(internal, new Error())).toBe(internal);
  });
});
