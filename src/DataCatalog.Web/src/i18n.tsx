import { createContext, useContext } from 'react';

export type Lang = 'ko' | 'en';
export const LANG_KEY = 'datacatalog.lang';

export const LangContext = createContext<Lang>('ko');

/** Korean first, English beside it: every label is written in both where it is used. */
export function useT(): (ko: string, en: string) => string {
  const lang = useContext(LangContext);
  return (ko, en) => (lang === 'ko' ? ko : en);
}

export const dimensionNames: Record<string, [string, string]> = {
  COMPLETENESS: ['완전성', 'Completeness'],
  VALIDITY: ['유효성', 'Validity'],
  UNIQUENESS: ['유일성', 'Uniqueness'],
  CONSISTENCY: ['일관성', 'Consistency'],
  TIMELINESS: ['적시성', 'Timeliness'],
  ACCURACY: ['정확성', 'Accuracy'],
  STANDARDIZATION: ['표준화', 'Standardization'],
};

export const statusNames: Record<string, [string, string]> = {
  OPEN: ['열림', 'Open'],
  ACKNOWLEDGED: ['확인', 'Acknowledged'],
  ASSIGNED: ['배정', 'Assigned'],
  RESOLVED: ['해결', 'Resolved'],
  WAIVED: ['면제', 'Waived'],
  SUCCEEDED: ['성공', 'Succeeded'],
  FAILED: ['실패', 'Failed'],
  PARTIAL: ['부분 성공', 'Partial'],
  RUNNING: ['진행 중', 'Running'],
  PASSED: ['통과', 'Passed'],
  WARNED: ['경고', 'Warned'],
  SKIPPED: ['건너뜀', 'Skipped'],
};

export function named(t: (ko: string, en: string) => string, table: Record<string, [string, string]>, key: string | null | undefined): string {
  if (!key) return '';
  const pair = table[key];
  return pair ? t(pair[0], pair[1]) : key;
}

export function formatScore(value: number | null | undefined): string {
  return value == null ? '—' : value.toFixed(1);
}

export function formatTime(value: string | null | undefined, lang: Lang): string {
  if (!value) return '—';
  return new Date(value).toLocaleString(lang === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}
