import type { SurveyDto, SurveyQuestionDto } from '@wala/contract';
import { lang } from '../i18n.svelte';

/** The text of a bilingual field in the UI language, falling back to the other one. */
export const pick = (en: string, ar: string): string => (lang.locale === 'ar' ? ar || en : en || ar);
export const surveyTitle = (s: SurveyDto) => pick(s.title, s.titleAr);
export const surveyIntro = (s: SurveyDto) => pick(s.intro, s.introAr);
export const prompt = (q: SurveyQuestionDto) => pick(q.prompt, q.promptAr);
