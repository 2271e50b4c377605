import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CatalogItem } from '../model.ts';
import { requestRisk } from './risk.ts';

const space: CatalogItem = {
  id: 'space:ENG',
  type: 'space',
  entitlementKey: 'ENG',
  name: 'Engineering',
  requestable: true,
  owner: null,
  risk: 'low',
  optionRisks: { add_page: 'medium' },
  updatedAt: '',
};

test('a request is as risky as its riskiest option; Admin, Export Space and Restrictions are high by default', () => {
  const cases: Array<[string[], string]> = [
    [['view'], 'low'],
    [['view', 'add_page'], 'medium'],
    [['admin'], 'high'],
    [['export_space'], 'high'],
    [['restrictions'], 'high'],
    [['delete_page'], 'medium'],
  ];
  for (const [permissions, risk] of cases) {
    assert.equal(requestRisk(space, permissions as never), risk, permissions.join(','));
  }
  assert.equal(requestRisk({ ...space, risk: 'high' }, ['view']), 'high');
});
