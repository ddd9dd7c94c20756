import { useCallback, useEffect, useState } from 'react';
import { gql } from './api';
import { useT } from './i18n';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

export function useQuery<T>(query: string, variables?: Record<string, unknown>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const key = JSON.stringify(variables ?? {});
  useEffect(() => {
    let live = true;
    gql<T>(query, variables)
      .then((d) => live && (setData(d), setError(null)))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, reload };
}

export function Status({ error }: { error: string | null }) {
  const t = useT();
  return error ? <p role="alert" className="error">{t('불러오지 못했습니다: ', 'Could not load: ')}{error}</p> : <p className="loading" aria-live="polite">{t('불러오는 중…', 'Loading…')}</p>;
}

export function Grade({ grade }: { grade: string | null | undefined }) {
  return grade ? <span className={`grade grade-${grade}`}>{grade}</span> : <span className="grade">—</span>;
}
