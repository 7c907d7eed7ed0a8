/**
 * Code-shaped words in text people read (LANGUAGE.md rule 1): camelCase identifiers (`requestSupplement`,
 * `decisionNumber`), kebab-case ids (`member-1`, `so-giao-duc`, an ISO date), snake_case and UPPER_SNAKE codes
 * (`TYPE_MISMATCH`). Links are left out: a URL is meant to be opaque.
 */
export function codeShapedWords(text: string): string[] {
  const prose = text.replace(/https?:\/\/\S+/g, ' ').replace(/\S+@\S+\.\S+/g, ' ');
  const patterns = [
    /(?<![\p{L}\p{N}])[a-z]+[A-Z][A-Za-z0-9]*(?![\p{L}\p{N}])/gu,
    /(?<![\p{L}\p{N}-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\p{L}\p{N}-])/gu,
    /(?<![\p{L}\p{N}])[A-Za-z]+_[A-Za-z0-9_]+(?![\p{L}\p{N}])/gu,
  ];
  return [...new Set(patterns.flatMap((p) => prose.match(p) ?? []))];
}

/** The text an HTML page shows (tags, styles and attributes dropped, entities decoded). */
export function htmlText(html: string): string {
  return html
    .replace(/<(style|script|title)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}
