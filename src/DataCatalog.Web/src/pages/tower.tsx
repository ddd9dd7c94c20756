import { useContext, useMemo } from 'react';
import { Chart } from '../chart';
import { Grade, Status, useQuery } from '../hooks';
import { dimensionNames, formatScore, formatTime, LangContext, named, statusNames, useT } from '../i18n';
import { Link } from '../router';

interface ScopeScore { dimension: string | null; value: number; computedAt: string; datasets: number }
interface ScoreDay { day: string; scores: { dimension: string | null; value: number }[] }
interface TowerData {
  city: { scores: ScopeScore[]; scoreHistory: ScoreDay[] };
  departments: { code: string; name: string; datasetCount: number; averageScore: number | null; scores: { dimension: string | null; value: number }[] }[];
  datasets: {
    totalCount: number;
    nodes: {
      id: string; title: string | null; qualifiedName: string; latestScore: number | null; source: { department: string | null } | null;
      grade: { grade: string; points: number; reasons: { criterion: string; pointsLost: number; message: string }[] } | null;
    }[];
  };
  sources: { id: string; name: string; department: string | null; kind: string; enabled: boolean; schedule: string }[];
  harvestRuns: { id: string; sourceId: string; status: string; startedAt: string; finishedAt: string | null; datasetsFailed: number }[];
}

export const towerQuery = `{
  city { scores { dimension value computedAt datasets } scoreHistory { day scores { dimension value } } }
  departments { code name datasetCount averageScore scores { dimension value } }
  datasets(first: 100) { totalCount nodes { id title qualifiedName latestScore source { department }
    grade { grade points reasons { criterion pointsLost message } } } }
  sources { id name department kind enabled schedule }
  harvestRuns(last: 100) { id sourceId status startedAt finishedAt datasetsFailed }
}`;

const dimensions = Object.keys(dimensionNames);
const grades = ['A', 'B', 'C', 'D', 'E'];

export function ControlTower() {
  const t = useT();
  const lang = useContext(LangContext);
  const { data, error } = useQuery<TowerData>(towerQuery);

  const charts = useMemo(() => {
    if (!data) return null;
    const counts = grades.map((g) => data.datasets.nodes.filter((d) => d.grade?.grade === g).length);
    // The city's trend: its stored roll-up of each day, one line per dimension that has any and one overall.
    const history = data.city.scoreHistory;
    const days = history.map((d) => d.day);
    const trendDimensions = dimensions.filter((dim) => history.some((d) => d.scores.some((s) => s.dimension === dim)));
    const trend = [...trendDimensions, null].map((dim) => ({
      dimension: dim,
      data: history.map((d) => d.scores.find((s) => s.dimension === dim)?.value ?? null),
    }));
    const byDepartment = data.departments.map((d) => ({
      name: d.name,
      type: 'bar',
      data: dimensions.map((dim) => d.scores.find((s) => s.dimension === dim)?.value ?? null),
    }));
    return { counts, days, trend, byDepartment };
  }, [data]);

  if (!data || !charts) return <Status error={error} />;

  const overall = data.city.scores.find((s) => s.dimension == null);
  const league = [...data.departments].sort((a, b) => (b.averageScore ?? -1) - (a.averageScore ?? -1));
  const worst = [...data.datasets.nodes].filter((d) => d.latestScore != null).sort((a, b) => a.latestScore! - b.latestScore!).slice(0, 5);
  const now = Date.now();

  return (
    <div className="tower">
      <h1>{t('데이터 관제탑', 'Data control tower')}</h1>
      <section className="grid">
        <div className="card city" aria-labelledby="city-score">
          <h2 id="city-score">{t('시 전체 점수', 'City score')}</h2>
          <p className="big" data-testid="city-score">{formatScore(overall?.value)}</p>
          <p className="muted">{t('데이터셋', 'Datasets')} {data.datasets.totalCount} · {formatTime(overall?.computedAt, lang)}</p>
          <ul className="dims">
            {dimensions.map((dim) => (
              <li key={dim}><span>{named(t, dimensionNames, dim)}</span> <b>{formatScore(data.city.scores.find((s) => s.dimension === dim)?.value)}</b></li>
            ))}
          </ul>
        </div>
        <div className="card">
          <h2>{t('AI 활용 준비 등급 분포', 'AI-readiness grade distribution')}</h2>
          <Chart label={t('등급별 데이터셋 수', 'Datasets per grade')} height={220} option={{
            grid: { left: 36, right: 12, top: 12, bottom: 28 },
            tooltip: {},
            xAxis: { type: 'category', data: grades },
            yAxis: { type: 'value', minInterval: 1 },
            series: [{ type: 'bar', data: charts.counts, itemStyle: { color: '#3b6fb6' } }],
          }} />
        </div>
        <div className="card">
          <h2>{t('점수 추이', 'Score trend')}</h2>
          <Chart testId="trend" label={t('날짜별 시 전체 점수, 품질 차원별', 'City score by day, per quality dimension')} height={260} option={{
            grid: { left: 36, right: 12, top: 56, bottom: 28 },
            legend: { top: 0, type: 'scroll' },
            tooltip: { trigger: 'axis' },
            xAxis: { type: 'category', data: charts.days },
            yAxis: { type: 'value', min: 0, max: 100 },
            series: charts.trend.map((s) => s.dimension == null
              ? { type: 'line', data: s.data, name: t('전체', 'Overall'), lineStyle: { width: 3, type: 'dashed' }, connectNulls: true }
              : { type: 'line', data: s.data, name: named(t, dimensionNames, s.dimension), connectNulls: true }),
          }} />
        </div>
      </section>

      <section className="card">
        <h2>{t('차원별 부서 점수', 'Department scores per dimension')}</h2>
        <Chart label={t('부서와 품질 차원별 점수', 'Scores per department and quality dimension')} height={280} option={{
          grid: { left: 36, right: 12, top: 40, bottom: 28 },
          legend: { top: 0 },
          tooltip: { trigger: 'axis' },
          xAxis: { type: 'category', data: dimensions.map((d) => named(t, dimensionNames, d)) },
          yAxis: { type: 'value', min: 0, max: 100 },
          series: charts.byDepartment,
        }} />
      </section>

      <section className="card">
        <h2 id="league">{t('부서 순위', 'Department league table')}</h2>
        <table aria-labelledby="league" data-testid="league">
          <thead>
            <tr>
              <th scope="col">#</th><th scope="col">{t('부서', 'Department')}</th><th scope="col">{t('점수', 'Score')}</th><th scope="col">{t('데이터셋', 'Datasets')}</th>
              {dimensions.map((d) => <th scope="col" key={d} className="wide">{named(t, dimensionNames, d)}</th>)}
            </tr>
          </thead>
          <tbody>
            {league.map((d, i) => (
              <tr key={d.code} data-department={d.code}>
                <td>{i + 1}</td>
                <th scope="row"><Link href={`/search?department=${encodeURIComponent(d.code)}`}>{d.name}</Link> <span className="muted">{d.code}</span></th>
                <td className="num" data-testid={`score-${d.code}`}>{formatScore(d.averageScore)}</td>
                <td className="num">{d.datasetCount}</td>
                {dimensions.map((dim) => <td key={dim} className="num wide">{formatScore(d.scores.find((s) => s.dimension === dim)?.value)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="grid two">
        <div className="card">
          <h2>{t('점수가 낮은 데이터셋과 이유', 'Worst datasets and why')}</h2>
          <ol className="worst">
            {worst.map((d) => (
              <li key={d.id}>
                <Link href={`/datasets/${encodeURIComponent(d.id)}`}>{d.title || d.qualifiedName}</Link> <Grade grade={d.grade?.grade} /> <b>{formatScore(d.latestScore)}</b>
                <ul>
                  {(d.grade?.reasons ?? []).slice(0, 2).map((r) => <li key={r.criterion}>−{r.pointsLost.toFixed(0)} {r.message}</li>)}
                </ul>
              </li>
            ))}
          </ol>
        </div>
        <div className="card">
          <h2>{t('수집 상태', 'Harvest health')}</h2>
          <table data-testid="harvest-health">
            <thead><tr><th scope="col">{t('수집원', 'Source')}</th><th scope="col">{t('최근 실행', 'Last run')}</th><th scope="col">{t('경과', 'Age')}</th><th scope="col">{t('실패', 'Failures')}</th></tr></thead>
            <tbody>
              {data.sources.map((s) => {
                const runs = data.harvestRuns.filter((r) => r.sourceId === s.id);
                const last = runs[0];
                const lastGood = runs.find((r) => r.status === 'SUCCEEDED' || r.status === 'PARTIAL');
                const hours = lastGood?.finishedAt ? (now - Date.parse(lastGood.finishedAt)) / 3_600_000 : null;
                const failures = runs.filter((r) => r.status === 'FAILED').length;
                return (
                  <tr key={s.id}>
                    <th scope="row">{s.name} <span className="muted">{s.id}</span></th>
                    <td><span className={`status status-${last?.status ?? 'NONE'}`}>{last ? named(t, statusNames, last.status) : t('없음', 'none')}</span></td>
                    <td className={hours != null && hours > 48 ? 'stale' : ''}>{hours == null ? '—' : hours < 1 ? t('1시간 이내', '< 1 h') : `${hours.toFixed(0)} h`}</td>
                    <td className="num">{failures}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted">{t('진행 중', 'Running now')}: {data.harvestRuns.filter((r) => r.status === 'RUNNING').length}</p>
        </div>
      </section>
    </div>
  );
}
