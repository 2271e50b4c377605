import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html, raw } from './html.ts';

test('interpolated values are escaped, nested html and arrays are not', () => {
  const name = '<script>alert("x")</script>';
  const out = html`<p title="${name}">${name}${[html`<b>${'&'}</b>`, raw('<i>ok</i>')]}</p>`.text;
  assert.equal(
    out,
    '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<b>&amp;</b><i>ok</i></p>',
  );
  assert.equal(html`${undefined}${null}${false}${0}`.text, '0');
});
