import { useContext, useState } from 'react';
import { can, gql, type Viewer } from '../api';
import { Chart } from '../chart';
import { FindingCard, findingFields, type FindingItem } from '../findings';
import { Grade, Status, useQuery } from '../hooks';
import { dimensionNames, formatScore, formatTime, LangContext, named, statusNames, useT } from '../i18n';

interface Column {
  name: string; ordinal: number; dataType: string; isNullable: boolean; isPrimaryKey: boolean; description: string | null; piiClass: string;
  profile: { rows: number; nulls: number; empty: number; distinct: number; completeness: number; inferredType: string; semantic: string; min: string | null; max: string | null;
    topValues: { value: string; count: number }[]; patterns: { value: string; count: number }[]; piiEvidence: { decision: string } | null } | null;
  standard: { conformance: string; matchedTerm: string | null; expectedType: string | null; problems: string[]; suggestions: { term: string; abbreviation: string }[] } | null;
}
interface DatasetData {
  dataset: {
    id: string; qualifiedName: string; title: string | null; description: string | null; owner: string | null; publisher: string | null; keywords: string[];
    kind: string; status: string; updateCycle: string | null; licence: string | null; theme: string | null; rowCount: number | null; latestScore: number | null;
    firstSeenAt: string; lastSeenAt: string; sourceId: string; source: { name: string; department: string | null } | null;
    columns: Column[];
    grade: { grade: string; points: number; reasons: { criterion: string; pointsLost: number; message: string }[] } | null;
    scores: { dimension: string | null; value: number; errorRate: number }[];
    scoreHistory: { computedAt: string; value: number }[];
    ruleResults: { ruleId: string; columnName: string | null; dimension: string; status: string; examined: number; failing: number; errorRate: number;
      measured: number; threshold: number; examples: string[]; message: string | null; sampled: boolean; exhaustive: boolean }[];
    changes: { kind: string; columnName: string | null; before: string | null; after: string | null; detectedAt: string }[];
    findings: FindingItem[];
  } | null;
}

const datasetQuery = `query Dataset($id: ID!) { dataset(id: $id) {
  id qualifiedName title description owner publisher keywords kind status updateCycle licence theme rowCount latestScore firstSeenAt lastSeenAt sourceId
  source { name department }
  columns { name ordinal dataType isNullable isPrimaryKey description piiClass
    profile { rows nulls empty distinct completeness inferredType semantic min max topValues { value count } patterns { value count } piiEvidence { decision } }
    standard { conformance matchedTerm expectedType problems suggestions { term abbreviation } } }
  grade { grade points reasons { criterion pointsLost message } }
  scores { dimension value errorRate }
  scoreHistory { computedAt value }
  ruleResults { ruleId columnName dimension status examined failing errorRate measured threshold examples message sampled exhaustive }
  changes { kind columnName before after detectedAt }
  findings { ${findingFields} } } }`;

export function DatasetPage({ id, viewer }: { id: string; viewer: Viewer | null }) {
  const t = useT();
  const lang = useContext(LangContext);
  const { data, error, reload } = useQuery<DatasetData>(datasetQuery, { id });
  if (!data) return <Status error={error} />;
  const d = data.dataset;
  if (!d) return <p role="alert">{t('데이터셋이 없습니다.', 'No such dataset.')}</p>;
  const steward = can.stewardOf(viewer, d.source?.department);

  return (
    <div className="dataset">
      <h1>{d.title || d.qualifiedName} <Grade grade={d.grade?.grade} /></h1>
      <p className="muted">{d.qualifiedName} · {d.source?.name} ({d.sourceId}) · {d.source?.department} · {d.kind} · {named(t, { ACTIVE: ['활성', 'Active'], WITHDRAWN: ['철회', 'Withdrawn'] }, d.status)}</p>

      <section className="grid">
        <div className="card">
          <h2>{t('메타데이터', 'Metadata')}</h2>
          <MetadataEditor dataset={d} editable={steward} onSaved={reload} />
          <dl className="meta">
            <dt>{t('제공기관', 'Publisher')}</dt><dd>{d.publisher ?? '—'}</dd>
            <dt>{t('갱신 주기', 'Update cycle')}</dt><dd>{d.updateCycle ?? '—'}</dd>
            <dt>{t('이용 허락', 'Licence')}</dt><dd>{d.licence ?? '—'}</dd>
            <dt>{t('행 수', 'Rows')}</dt><dd>{d.rowCount?.toLocaleString() ?? '—'}</dd>
            <dt>{t('최초 수집', 'First seen')}</dt><dd>{formatTime(d.firstSeenAt, lang)}</dd>
            <dt>{t('최근 수집', 'Last seen')}</dt><dd>{formatTime(d.lastSeenAt, lang)}</dd>
          </dl>
        </div>
        <div className="card">
          <h2>{t('점수와 등급', 'Score and grade')}</h2>
          <p className="big" data-testid="dataset-score">{formatScore(d.latestScore)}</p>
          <ul className="dims">
            {d.scores.filter((s) => s.dimension).map((s) => <li key={s.dimension}><span>{named(t, dimensionNames, s.dimension)}</span> <b>{formatScore(s.value)}</b> <span className="muted">{t('오류율', 'error rate')} {(s.errorRate * 100).toFixed(1)}%</span></li>)}
          </ul>
          {d.grade && (
            <>
              <h3>{t('등급', 'Grade')} {d.grade.grade} ({d.grade.points.toFixed(0)}) — {t('감점 사유', 'reasons')}</h3>
              <ul>{d.grade.reasons.map((r) => <li key={r.criterion}>−{r.pointsLost.toFixed(0)} {r.message}</li>)}</ul>
            </>
          )}
        </div>
        <div className="card">
          <h2>{t('점수 이력', 'Score history')}</h2>
          <Chart label={t('수집별 전체 점수', 'Overall score per harvest')} height={220} option={{
            grid: { left: 36, right: 12, top: 12, bottom: 28 },
            tooltip: { trigger: 'axis' },
            xAxis: { type: 'category', data: d.scoreHistory.map((s) => formatTime(s.computedAt, lang)) },
            yAxis: { type: 'value', min: 0, max: 100 },
            series: [{ type: 'line', data: d.scoreHistory.map((s) => +s.value.toFixed(1)) }],
          }} />
        </div>
      </section>

      <section className="card">
        <h2>{t('컬럼', 'Columns')}</h2>
        <div className="scroll">
          <table data-testid="columns">
            <thead><tr>
              <th scope="col">{t('이름', 'Name')}</th><th scope="col">{t('형식', 'Type')}</th><th scope="col">{t('개인정보', 'Personal data')}</th>
              <th scope="col">{t('표준용어', 'Standard term')}</th><th scope="col">{t('프로파일', 'Profile')}</th><th scope="col">{t('자주 나오는 값', 'Top values')}</th>
            </tr></thead>
            <tbody>
              {d.columns.map((c) => (
                <tr key={c.name} data-column={c.name}>
                  <th scope="row">{c.name}{c.isPrimaryKey ? ' 🔑' : ''}<ColumnDescription datasetId={d.id} column={c} editable={steward} onSaved={reload} /></th>
                  <td>{c.dataType}{c.isNullable ? '' : ' NOT NULL'}<br /><span className="muted">{c.profile?.inferredType} {c.profile?.semantic !== 'NONE' ? c.profile?.semantic : ''}</span></td>
                  <td>{c.piiClass === 'NONE' ? '—' : <span className="pii" title={c.profile?.piiEvidence?.decision}>{c.piiClass}</span>}</td>
                  <td>{c.standard ? <>
                    <span className={`conf conf-${c.standard.conformance}`}>{c.standard.conformance}</span> {c.standard.matchedTerm}
                    {c.standard.problems.map((p, i) => <div key={i} className="muted">{p}</div>)}
                    {c.standard.suggestions.length > 0 && <div>{t('제안', 'Suggested')}: {c.standard.suggestions.slice(0, 3).map((s) => `${s.term} (${s.abbreviation})`).join(', ')}</div>}
                  </> : '—'}</td>
                  <td className="profile">{c.profile ? <>
                    {t('행', 'rows')} {c.profile.rows.toLocaleString()} · null {c.profile.nulls.toLocaleString()} · {t('고유', 'distinct')} {c.profile.distinct.toLocaleString()}<br />
                    {t('완전성', 'complete')} {(c.profile.completeness * 100).toFixed(1)}%{c.profile.min != null && <> · {c.profile.min} … {c.profile.max}</>}
                  </> : '—'}</td>
                  <td className="samples" data-testid="samples">{c.profile && c.profile.topValues.length > 0
                    ? c.profile.topValues.slice(0, 3).map((v) => <code key={v.value}>{v.value} ×{v.count}</code>)
                    : c.piiClass !== 'NONE' ? <span className="muted">{t('비공개', 'withheld')}</span> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card">
        <h2>{t('규칙 결과', 'Rule results')}</h2>
        <div className="scroll">
          <table data-testid="rules">
            <thead><tr><th scope="col">{t('규칙', 'Rule')}</th><th scope="col">{t('결과', 'Result')}</th><th scope="col">{t('오류/검사', 'Failing/examined')}</th><th scope="col">{t('측정/기준', 'Measured/threshold')}</th><th scope="col">{t('근거', 'Evidence')}</th></tr></thead>
            <tbody>
              {d.ruleResults.map((r, i) => (
                <tr key={i}>
                  <th scope="row">{r.ruleId}{r.columnName ? ` · ${r.columnName}` : ''}<br /><span className="muted">{named(t, dimensionNames, r.dimension)}</span></th>
                  <td><span className={`status status-${r.status}`}>{named(t, statusNames, r.status)}</span></td>
                  <td className="num">{r.failing.toLocaleString()} / {r.examined.toLocaleString()} ({(r.errorRate * 100).toFixed(1)}%)</td>
                  <td className="num">{r.measured.toFixed(3)} / {r.threshold.toFixed(3)}</td>
                  <td>{r.message}{r.sampled ? ` (${t('표본', 'sampled')})` : ''}{!r.exhaustive ? ` (${t('상위 값만', 'top values only')})` : ''} {r.examples.slice(0, 3).map((x, j) => <code key={j}>{x}</code>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="grid two">
        <div className="card">
          <h2>{t('발견 사항', 'Findings')}</h2>
          {d.findings.length === 0 ? <p className="muted">{t('없음', 'None')}</p> : d.findings.map((f) => <FindingCard key={f.id} finding={f} canAct={steward} onChanged={reload} />)}
        </div>
        <div className="card">
          <h2>{t('스키마 변경 이력', 'Schema changes')}</h2>
          <ol className="timeline">
            {d.changes.map((c, i) => (
              <li key={i}><time>{formatTime(c.detectedAt, lang)}</time> <b>{c.kind}</b> {c.columnName} {c.before || c.after ? <span className="muted">{c.before ?? '∅'} → {c.after ?? '∅'}</span> : null}</li>
            ))}
          </ol>
        </div>
      </section>
    </div>
  );
}

function MetadataEditor({ dataset, editable, onSaved }: { dataset: NonNullable<DatasetData['dataset']>; editable: boolean; onSaved: () => void }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [description, setDescription] = useState(dataset.description ?? '');
  const [owner, setOwner] = useState(dataset.owner ?? '');
  const [keywords, setKeywords] = useState(dataset.keywords.join(', '));
  const [error, setError] = useState<string | null>(null);
  if (!editing) {
    return (
      <>
        <p data-testid="description">{dataset.description || <span className="muted">{t('설명 없음', 'No description')}</span>}</p>
        <p>{t('담당', 'Owner')}: {dataset.owner ?? '—'}</p>
        <p className="tags">{dataset.keywords.map((k) => <span key={k}>{k}</span>)}</p>
        {editable && <button type="button" onClick={() => setEditing(true)}>{t('편집', 'Edit')}</button>}
      </>
    );
  }
  const save = async () => {
    try {
      await gql('mutation($id: ID!, $input: DatasetEditInput!) { updateDataset(id: $id, input: $input) { id } }', {
        id: dataset.id,
        input: { description, owner, keywords: keywords.split(',').map((k) => k.trim()).filter(Boolean) },
      }, { strict: true });
      setEditing(false);
      onSaved();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form className="stack" onSubmit={(e) => { e.preventDefault(); save(); }}>
      <label>{t('설명', 'Description')}<textarea name="description" value={description} onChange={(e) => setDescription(e.target.value)} rows={3} /></label>
      <label>{t('담당', 'Owner')}<input name="owner" value={owner} onChange={(e) => setOwner(e.target.value)} /></label>
      <label>{t('키워드 (쉼표로 구분)', 'Keywords (comma-separated)')}<input name="keywords" value={keywords} onChange={(e) => setKeywords(e.target.value)} /></label>
      {error && <p role="alert" className="error">{error}</p>}
      <div><button type="submit">{t('저장', 'Save')}</button> <button type="button" onClick={() => setEditing(false)}>{t('취소', 'Cancel')}</button></div>
    </form>
  );
}

function ColumnDescription({ datasetId, column, editable, onSaved }: { datasetId: string; column: Column; editable: boolean; onSaved: () => void }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(column.description ?? '');
  const [error, setError] = useState<string | null>(null);
  if (!editing) {
    return (
      <div className="muted">{column.description}{editable && <> <button type="button" className="link" onClick={() => setEditing(true)} aria-label={t(`${column.name} 설명 편집`, `Edit the description of ${column.name}`)}>✎</button></>}</div>
    );
  }
  const save = async () => {
    try {
      await gql('mutation($datasetId: ID!, $column: String!, $description: String!) { updateColumn(datasetId: $datasetId, column: $column, description: $description) { name } }',
        { datasetId, column: column.name, description: text }, { strict: true });
      setEditing(false);
      onSaved();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form className="inline" onSubmit={(e) => { e.preventDefault(); save(); }}>
      <input aria-label={t('컬럼 설명', 'Column description')} value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit">{t('저장', 'Save')}</button>
      {error && <span role="alert" className="error">{error}</span>}
    </form>
  );
}
