import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectorError } from '../../connector/index.ts';
import { DOMAIN_ERROR_CODES, DomainError } from '../../core/index.ts';
import { ApiError, statusFor, toErrorResponse } from './errors.ts';

test('every domain error code has a deliberate 4xx or 502 status', () => {
  for (const code of DOMAIN_ERROR_CODES) {
    const status = statusFor(code);
    assert.ok((status >= 400 && status < 500) || status === 502, `${code} -> ${status}`);
  }
});

test('errors become { code, message, details? } with their status; internals never leak', () => {
  const cases: Array<[unknown, number, Record<string, unknown>]> = [
    [
      new DomainError('request.duplicate_open', 'still open', { requestId: 'r1' }),
      409,
      { code: 'request.duplicate_open', message: 'still open', details: { requestId: 'r1' } },
    ],
    [
      new DomainError('approval.not_assignee', 'not yours'),
      403,
      { code: 'approval.not_assignee', message: 'not yours' },
    ],
    [new ApiError('auth.required', 'sign in'), 401, { code: 'auth.required', message: 'sign in' }],
    [
      new ConnectorError('rate_limited', 'slow down'),
      503,
      { code: 'connector.rate_limited', message: 'slow down' },
    ],
    [new Error('SELECT * FROM secrets failed'), 500, { code: 'api.internal', message: 'internal error' }],
    [
      Object.assign(new Error('Unexpected token } in JSON'), { statusCode: 400 }),
      400,
      { code: 'api.invalid_input', message: 'Unexpected token } in JSON' },
    ],
  ];
  for (const [error, status, body] of cases) {
    const response = toErrorResponse(error);
    assert.equal(response.status, status);
    assert.deepEqual(response.body, body);
  }
});
