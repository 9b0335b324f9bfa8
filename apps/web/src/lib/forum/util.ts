import './forum.css';
import type { ForumCategoryDto, ForumReaction } from '@wala/contract';
import { lang } from '../i18n.svelte';

export const REACTION_ICONS: Record<ForumReaction, string> = { like: '👍', heart: '❤️', laugh: '😄', insightful: '💡', thanks: '🙏' };

export const catName = (c: { name: string; nameAr: string }) => (lang.locale === 'ar' ? c.nameAr || c.name : c.name || c.nameAr);
export const catDescription = (c: ForumCategoryDto) => (lang.locale === 'ar' ? c.descriptionAr || c.description : c.description || c.descriptionAr);

/** Every category of a tree, parents followed by their sub-categories. */
export const flatten = (tree: ForumCategoryDto[]): ForumCategoryDto[] => tree.flatMap((c) => [c, ...c.children]);

/** Markdown quote of a post for the composer. */
export function quoteOf(author: string, raw: string, wrote: string): string {
  return `> ${wrote.replace('{{name}}', author)}\n${raw
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n')}\n\n`;
}

/** "Back" arrow pointing the reading direction's way back. */
export const back = () => (lang.locale === 'ar' ? '→' : '←');
