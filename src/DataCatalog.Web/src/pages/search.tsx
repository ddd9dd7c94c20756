import { useState, type FormEvent } from 'react';
import { Grade, Status, useQuery } from '../hooks';
import { formatScore, useT } from '../i18n';
import { Link, navigate, useLocation } from '../router';

interface Facet { value: string; count: number }
interface SearchData {
  datasets: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    facets: { departments: Facet[]; kinds: Facet[]; sources: Facet[] };
    nodes: {
      id: string; qualifiedName: string; title: string | null; description: string | null; kind: string; latestScore: number | null; keywords: string[];
      source: { department: string | null; name: string } | null;
      grade: { grade: string; reasons: { criterion: string; pointsLost: number; message: string }[] } | null;
      scores: { dimension: string | null; value: number }[];
    }[];
  };
}

const searchQuery = `query Search($search: String, $department: String, $sourceId: String, $after: String) {
  datasets(search: $search, department: $department, sourceId: $sourceId, first: 20, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    facets { departments { value count } kinds { value count } sources { value count } }
    nodes { id qualifiedName title description kind latestScore keywords source { department name }
      grade { grade reasons { criterion pointsLost message } } scores { dimension value } } } }`;

export function Search() {
  const t = useT();
  const url = useLocation();
  const q = url.searchParams.get('q') ?? '';
  const department = url.searchParams.get('department') ?? '';
  const sourceId = url.searchParams.get('source') ?? '';
  const after = url.searchParams.get('after') ?? '';
  const [text, setText] = useState(q);
  const { data, error } = useQuery<SearchData>(searchQuery, {
    search: q || null, department: department || null, sourceId: sourceId || null, after: after || null,
  });

  const go = (changes: Record<string, string>) => {
    const next = new URLSearchParams(url.searchParams);
    for (const [k, v] of Object.entries(changes)) (v ? next.set(k, v) : next.delete(k));
    if (!('after' in changes)) next.delete('after');
    navigate(`/search?${next}`);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ q: text.trim() });
  };

  return (
    <div className="search">
      <h1>{t('데이터셋 검색', 'Search datasets')}</h1>
      <form role="search" onSubmit={submit} className="searchbar">
        <label htmlFor="q" className="sr-only">{t('검색어', 'Search text')}</label>
        <input id="q" name="q" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('예: 주차, 버스, CCTV', 'e.g. 주차, bus, CCTV')} autoFocus />
        <button type="submit">{t('검색', 'Search')}</button>
      </form>
      {!data ? <Status error={error} /> : (
        <div className="with-facets">
          <aside aria-label={t('필터', 'Filters')}>
            <FacetList title={t('부서', 'Department')} facets={data.datasets.facets.departments} selected={department} onPick={(v) => go({ department: v })} />
            <FacetList title={t('수집원', 'Source')} facets={data.datasets.facets.sources} selected={sourceId} onPick={(v) => go({ source: v })} />
            <FacetList title={t('종류', 'Kind')} facets={data.datasets.facets.kinds} selected="" />
          </aside>
          <section aria-live="polite">
            <p className="muted" data-testid="result-count">{t(`${data.datasets.totalCount}건`, `${data.datasets.totalCount} datasets`)}</p>
            <ol className="results">
              {data.datasets.nodes.map((d) => (
                <li key={d.id} className="card">
                  <h2><Link href={`/datasets/${encodeURIComponent(d.id)}`}>{d.title || d.qualifiedName}</Link></h2>
                  <p className="muted">{d.qualifiedName} · {d.source?.name} · {d.source?.department} · {d.kind}</p>
                  {d.description && <p>{d.description}</p>}
                  <p className="explain">
                    {t('점수', 'Score')} <b>{formatScore(d.latestScore)}</b> <Grade grade={d.grade?.grade} />
                    {d.grade?.reasons[0] && <> — {t('감점 사유', 'costs points')}: {d.grade.reasons[0].message} (−{d.grade.reasons[0].pointsLost.toFixed(0)})</>}
                  </p>
                  {d.keywords.length > 0 && <p className="tags">{d.keywords.map((k) => <span key={k}>{k}</span>)}</p>}
                </li>
              ))}
            </ol>
            {data.datasets.pageInfo.hasNextPage && (
              <button type="button" onClick={() => go({ after: data.datasets.pageInfo.endCursor ?? '' })}>{t('다음 쪽', 'Next page')}</button>
            )}
          </section>
        </div>
      )}
    </div>
  );
}

function FacetList({ title, facets, selected, onPick }: { title: string; facets: Facet[]; selected: string; onPick?: (value: string) => void }) {
  const t = useT();
  return (
    <fieldset className="facet">
      <legend>{title}</legend>
      <ul>
        {facets.map((f) => (
          <li key={f.value}>
            {onPick ? (
              <button type="button" className={selected === f.value ? 'chip on' : 'chip'} aria-pressed={selected === f.value} onClick={() => onPick(selected === f.value ? '' : f.value)}>
                {f.value} <span className="count">{f.count}</span>
              </button>
            ) : <span className="chip">{f.value} <span className="count">{f.count}</span></span>}
          </li>
        ))}
        {selected && onPick && <li><button type="button" className="link" onClick={() => onPick('')}>{t('해제', 'Clear')}</button></li>}
      </ul>
    </fieldset>
  );
}
