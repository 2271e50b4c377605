/** HTML that is already safe to send: built by `html` or `raw`, never from unescaped input. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/** Tagged template: every interpolated value is escaped unless it is SafeHtml; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Marks trusted constant markup as safe (never pass user input). */
export function raw(text: string): SafeHtml {
  return new SafeHtml(text);
}

/** The bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text a person typed (a justification, a comment, a name), shown as typed: isolated in `<bdi>` so
 * it cannot reorder the page around it, with every bidirectional control made visible as its code
 * point, so an override cannot make an approver read something other than what was sent.
 */
export function typed(text: string | null | undefined): SafeHtml {
  if (text === null || text === undefined) return new SafeHtml('');
  const shown = escapeHtml(text).replace(
    BIDI_CONTROLS,
    (c) =>
      `<span class="bidi" title="a direction control character">[U+${c.codePointAt(0)?.toString(16).toUpperCase()}]</span>`,
  );
  return new SafeHtml(`<bdi>${shown}</bdi>`);
}
