import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseFaultSpec } from './fault-rule.ts';

describe('parseFaultSpec', () => {
  const good: Array<[string, object]> = [
    ['status:503,rate=0.1', { kind: 'status', status: 503, rate: 0.1 }],
    ['reset,count=5', { kind: 'reset', count: 5 }],
    ['truncate,count=2,pathPrefix=/wiki', { kind: 'truncate', count: 2, pathPrefix: '/wiki' }],
    ['reset,count=1,after=true,method=POST', { kind: 'reset', count: 1, after: true, method: 'POST' }],
    ['slow,count=1,delayMs=500', { kind: 'slow', count: 1, delayMs: 500 }],
    [
      'status:429,count=3,retryAfterSeconds=2,method=GET',
      { kind: 'status', status: 429, count: 3, retryAfterSeconds: 2, method: 'GET' },
    ],
  ];
  for (const [spec, rule] of good) test(`reads ${spec}`, () => assert.deepEqual(parseFaultSpec(spec), rule));

  const bad: Array<[string, RegExp]> = [
    ['explode,count=1', /kind must be one of/],
    ['status:200,count=1', /status must be/],
    ['reset', /give count/],
    ['reset,rate=1.5', /rate must be/],
    ['reset,count=two', /count must be/],
    ['reset,colour=red', /not key=value/],
    ['reset,count=', /not key=value/],
    ['reset,count=1,after=yes', /after must be true or false/],
    ['slow,count=1,delayMs=-4', /delayMs must be/],
  ];
  for (const [spec, message] of bad)
    test(`names what is wrong with ${spec}`, () => assert.match(String(parseFaultSpec(spec)), message));
});
