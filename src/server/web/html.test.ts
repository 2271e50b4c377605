import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html, raw, typed } from './html.ts';

test('interpolated values are escaped, nested html and arrays are not', () => {
  const name = '<script>alert("x")</script>';
  const out = html`<p title="${name}">${name}${[html`<b>${'&'}</b>`, raw('<i>ok</i>')]}</p>`.text;
  assert.equal(
    out,
    '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<b>&amp;</b><i>ok</i></p>',
  );
  assert.equal(html`${undefined}${null}${false}${0}`.text, '0');
});

test('typed text is isolated and its direction controls are shown, not obeyed', () => {
  const sneaky = 'ok \u202Egnp.exe\u202C <b>';
  const out = typed(sneaky).text;
  assert.equal(
    out,
    '<bdi>ok <span class="bidi" title="a direction control character">[U+202E]</span>gnp.exe<span class="bidi" title="a direction control character">[U+202C]</span> &lt;b&gt;</bdi>',
  );
  assert.doesNotMatch(
    typed('\u2066\u2067\u2068\u2069\u202A\u202B\u202D').text,
    /[\u202A-\u202E\u2066-\u2069]/,
  );
  assert.equal(typed(null).text, '');
});
