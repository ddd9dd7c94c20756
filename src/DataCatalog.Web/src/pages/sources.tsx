import { useContext, useEffect, useState } from 'react';
import { can, gql, type Viewer } from '../api';
import { Status, useQuery } from '../hooks';
import { formatTime, LangContext, named, statusNames, useT } from '../i18n';

interface SourcesData {
  sources: { id: string; name: string; department: string | null; kind: string; enabled: boolean; schedule: string; timeZone: string; owner: string | null }[];
  harvestRuns: { id: string; sourceId: string; status: string; trigger: string; startedAt: string; finishedAt: string | null; datasetsSeen: number; datasetsFailed: number }[];
}

const sourcesQuery = `{ sources { id name department kind enabled schedule timeZone owner }
  harvestRuns(last: 100) { id sourceId status trigger startedAt finishedAt datasetsSeen datasetsFailed } }`;

/** Schedules, last runs (errors only for those allowed to read them) and "harvest now" for admins and the source's stewards. */
export function SourcesPage({ viewer }: { viewer: Viewer | null }) {
  const t = useT();
  const lang = useContext(LangContext);
  const { data, error, reload } = useQuery<SourcesData>(sourcesQuery);
  const [errors, setErrors] = useState<Record<string, string | null>>({});
  const [message, setMessage] = useState<string | null>(null);

  // Run errors are asked for apart: the server refuses them to whoever may not read them, and the page still shows.
  useEffect(() => {
    gql<{ harvestRuns: { id: string; error: string | null }[] }>('{ harvestRuns(last: 100) { id error } }')
      .then((d) => setErrors(Object.fromEntries(d.harvestRuns.map((r) => [r.id, r.error]))))
      .catch(() => setErrors({}));
  }, [data]);

  if (!data) return <Status error={error} />;

  const harvest = async (sourceId: string) => {
    setMessage(null);
    try {
      const d = await gql<{ requestHarvest: { runId: string | null; requestedAt: string } }>(
        'mutation($sourceId: String!) { requestHarvest(sourceId: $sourceId) { sourceId requestedAt requestedBy runId } }', { sourceId }, { strict: true });
      setMessage(t(`수집을 요청했습니다 (${sourceId}, ${formatTime(d.requestHarvest.requestedAt, lang)})`, `Harvest requested (${sourceId}, ${formatTime(d.requestHarvest.requestedAt, lang)})`));
      reload();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  return (
    <div className="sources">
      <h1>{t('수집원', 'Sources')}</h1>
      {message && <p role="status">{message}</p>}
      {data.sources.map((s) => {
        const runs = data.harvestRuns.filter((r) => r.sourceId === s.id).slice(0, 5);
        return (
          <section key={s.id} className="card" data-source={s.id}>
            <h2>{s.name} <span className="muted">{s.id} · {s.kind} · {s.department}</span></h2>
            <p>{t('일정', 'Schedule')} <code>{s.schedule}</code> ({s.timeZone}) · {s.enabled ? t('사용', 'enabled') : t('중지', 'disabled')}{s.owner ? ` · ${s.owner}` : ''}</p>
            {can.stewardOf(viewer, s.department) && <button type="button" onClick={() => harvest(s.id)}>{t('지금 수집', 'Harvest now')}</button>}
            <table>
              <thead><tr><th scope="col">{t('시작', 'Started')}</th><th scope="col">{t('결과', 'Status')}</th><th scope="col">{t('계기', 'Trigger')}</th><th scope="col">{t('데이터셋', 'Datasets')}</th><th scope="col">{t('오류', 'Error')}</th></tr></thead>
              <tbody>
                {runs.map((r) => (
                  <tr key={r.id}>
                    <td>{formatTime(r.startedAt, lang)}</td>
                    <td><span className={`status status-${r.status}`}>{named(t, statusNames, r.status)}</span></td>
                    <td>{r.trigger}</td>
                    <td className="num">{r.datasetsSeen}{r.datasetsFailed ? ` (${t('실패', 'failed')} ${r.datasetsFailed})` : ''}</td>
                    <td className="err">{errors[r.id] ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </div>
  );
}
