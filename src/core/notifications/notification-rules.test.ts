import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { campaignNotices } from './campaign-notice-rules.ts';
import { mergeNotices, noticeKey } from './notification-rules.ts';

const event = (type: string, data: Record<string, unknown>) => ({
  at: '2026-01-01T00:00:00.000Z',
  actor: 'system',
  type,
  subject: 'review:rvc_1',
  data,
});

describe('notification rules', () => {
  test('keys: request notices keep their shape; campaign notices are one per kind, campaign and reviewer', () => {
    const cases: Array<[Parameters<typeof noticeKey>[0], string]> = [
      [
        { type: 'approval.assigned', requestId: 'req_1', recipientId: 'E1', stage: 0 },
        'mail:approval.assigned:req_1:0:E1',
      ],
      [
        { type: 'request.fulfilled', requestId: 'req_1', recipientId: 'E2' },
        'mail:request.fulfilled:req_1:-:E2',
      ],
      [
        { type: 'review.assigned', campaignId: 'rvc_1', recipientId: 'E1' },
        'mail:review.assigned:rvc_1:-:E1',
      ],
      [
        { type: 'review.escalated', campaignId: 'rvc_1', recipientId: 'E9', items: 4 },
        'mail:review.escalated:rvc_1:-:E9',
      ],
    ];
    for (const [notice, key] of cases) assert.equal(noticeKey(notice), key);
  });

  test('campaign events name their reviewers; other events and bad data name nobody', () => {
    const cases: Array<[string, Record<string, unknown>, string[]]> = [
      [
        'review.campaign_launched',
        { items: 3, reviewers: ['E0', 'E1', 'E1', 7] },
        ['review.assigned:E0', 'review.assigned:E1'],
      ],
      ['review.reminded', { reviewerId: 'E0', items: 2 }, ['review.reminder:E0']],
      ['review.escalated', { itemId: 'i1', from: 'E0', to: 'E1' }, ['review.escalated:E1']],
      ['review.deadline_near', { reviewers: ['E1'], undecided: 2 }, ['review.deadline:E1']],
      ['review.decided', { itemId: 'i1' }, []],
      ['review.reminded', { reviewerId: 42 }, []],
      ['review.campaign_launched', { reviewers: 'E0' }, []],
    ];
    for (const [type, data, expected] of cases) {
      const notices = campaignNotices(event(type, data), 'rvc_1');
      assert.deepEqual(
        notices.map((n) => `${n.type}:${n.recipientId}`),
        expected,
        type,
      );
      assert.ok(notices.every((n) => n.campaignId === 'rvc_1'));
    }
  });

  test('one transaction, one mail per key: escalations to one fallback are counted in one notice', () => {
    const escalations = ['i1', 'i2', 'i3'].flatMap((itemId) =>
      campaignNotices(event('review.escalated', { itemId, from: 'E0', to: 'E1' }), 'rvc_1'),
    );
    const reminders = campaignNotices(event('review.reminded', { reviewerId: 'E1' }), 'rvc_1');
    const merged = mergeNotices([...escalations, ...reminders, ...reminders]);
    assert.deepEqual(merged, [
      { type: 'review.escalated', campaignId: 'rvc_1', recipientId: 'E1', items: 3 },
      { type: 'review.reminder', campaignId: 'rvc_1', recipientId: 'E1' },
    ]);
  });
});
