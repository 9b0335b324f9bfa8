import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const md = new MarkdownIt({ html: false, linkify: true, breaks: true });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'strong', 'em', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'class', 'rel', 'target'], ol: ['start'], th: ['style'], td: ['style'] },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => {
      const internal = attribs.href?.startsWith('/') && !attribs.href.startsWith('//');
      return { tagName, attribs: internal ? attribs : { ...attribs, rel: 'nofollow ugc noopener noreferrer', target: '_blank' } };
    },
  },
};

/** Markdown → sanitized HTML ("cooked"), stored with the post. Raw HTML in the source is shown as text. */
export function cook(raw: string): string {
  return sanitizeHtml(md.render(raw), SANITIZE);
}

/** Plain text of markdown (for search and snippets). */
export function plainText(raw: string): string {
  return htmlText(md.render(raw));
}

/** Text of an HTML fragment (tags dropped, entities decoded, spaces collapsed). */
export function htmlText(html: string): string {
  return sanitizeHtml(html.replace(/<\/?(p|br|li|h\d|blockquote|pre|tr|td|th)\b[^>]*>/g, ' $&'), { allowedTags: [], allowedAttributes: {} })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether the markdown carries a link (the approval queue holds such first posts of new members). */
export function hasLink(raw: string): boolean {
  return md.parseInline(raw, {}).some((t) => (t.children ?? []).some((c) => c.type === 'link_open')) || /https?:\/\/|www\./i.test(raw);
}

/**
 * Arabic (and Latin) search normalization, applied to stored search text and to queries alike:
 * lower case; Arabic diacritics (tashkeel), Quranic marks and tatweel removed; alef variants
 * (أ إ آ ٱ) → ا; hamza on waw/ya (ؤ ئ) → و ي; alef maqsura ى → ي; ta marbuta ة → ه;
 * Arabic-Indic digits → ASCII digits; the definite article (ال, and وال بال كال فال لل) dropped
 * from words that keep at least two letters, so "القهوة" finds "قهوة".
 */
/** The text search configuration of forum search: `simple`, with English words stemmed (migration SearchStemming). */
export const SEARCH_CONFIG = 'wala_search';

export function normalizeSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, '')
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
    .replace(/\u0624/g, '\u0648')
    .replace(/\u0626/g, '\u064A')
    .replace(/\u0649/g, '\u064A')
    .replace(/\u0629/g, '\u0647')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/(^|[^\p{L}\p{N}])(?:وال|بال|كال|فال|لل|ال)(?=[\u0621-\u064A]{2,})/gu, '$1');
}

/** @mentions: `@Name` where Name is a display name without its spaces (Latin or Arabic letters, digits, _ . -). */
export function mentionTokens(raw: string): string[] {
  const found = new Set<string>();
  const text = raw.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`]*`/g, ' ');
  for (const m of text.matchAll(/(?:^|[^\p{L}\p{N}_@])@([\p{L}\p{N}_.-]{2,60})/gu)) {
    found.add(m[1].replace(/[.-]+$/, '').toLowerCase());
    if (found.size >= 10) break;
  }
  return [...found];
}

/** Tags: lower case, letters/digits/dashes, at most 5. */
export function normalizeTags(tags: string[] | undefined): string[] {
  const out = new Set<string>();
  for (const t of tags ?? []) {
    const v = t.trim().toLowerCase().replace(/\s+/g, '-');
    if (v) out.add(v);
  }
  return [...out].slice(0, 5);
}
