import { useState } from 'react';
import { can, type Viewer } from '../api';
import { FindingCard, findingListFields, type FindingItem } from '../findings';
import { Status, useQuery } from '../hooks';
import { useT } from '../i18n';
import { Link } from '../router';

interface QueueData {
  departments: { code: string; name: string }[];
  datasets: { nodes: { id: string; title: string | null; qualifiedName: string; findings: FindingItem[] }[] };
}

const queueQuery = `query Queue($department: String) { departments { code name }
  datasets(department: $department, first: 50) { nodes { id title qualifiedName findings { ${findingListFields} } } } }`;

const open = ['OPEN', 'ACKNOWLEDGED', 'ASSIGNED'];

/** A steward's department's findings, open ones first; the actions are the GraphQL mutations. */
export function StewardQueue({ viewer }: { viewer: Viewer | null }) {
  const t = useT();
  const mine = viewer?.roles.includes('admin') ? null : viewer?.departments ?? [];
  const [department, setDepartment] = useState<string>(mine?.[0] ?? '');
  const [showClosed, setShowClosed] = useState(false);
  const { data, error, reload } = useQuery<QueueData>(queueQuery, { department: department || null });

  if (!can.steward(viewer)) return <p role="alert">{t('데이터 관리자만 볼 수 있습니다.', 'Only stewards see this page.')}</p>;
  if (!data) return <Status error={error} />;
  const choices = data.departments.filter((d) => mine == null || mine.includes(d.code));
  const items = data.datasets.nodes.flatMap((d) => d.findings.map((f) => ({ dataset: d, finding: f })))
    .filter((x) => showClosed || open.includes(x.finding.status));

  return (
    <div className="queue">
      <h1>{t('조치 대기열', 'Steward queue')}</h1>
      <div className="toolbar">
        <label>{t('부서', 'Department')}{' '}
          <select value={department} onChange={(e) => setDepartment(e.target.value)}>
            {mine == null && <option value="">{t('전체', 'All')}</option>}
            {choices.map((d) => <option key={d.code} value={d.code}>{d.name} ({d.code})</option>)}
          </select>
        </label>
        <label><input type="checkbox" checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} /> {t('종결된 것도 보기', 'Show closed')}</label>
        <span className="muted" data-testid="queue-count">{t(`${items.length}건`, `${items.length} findings`)}</span>
      </div>
      {items.length === 0 && <p className="muted">{t('조치할 발견 사항이 없습니다.', 'Nothing to act on.')}</p>}
      {items.map(({ dataset, finding }) => (
        <div key={finding.id} className="card">
          <p><Link href={`/datasets/${encodeURIComponent(dataset.id)}`}>{dataset.title || dataset.qualifiedName}</Link> <span className="muted">{dataset.qualifiedName}</span></p>
          <FindingCard finding={finding} canAct={can.stewardOf(viewer, department || null) || can.admin(viewer)} onChanged={reload} />
        </div>
      ))}
    </div>
  );
}
