import { useEffect, useState } from 'react';
import { can, fetchReport, gql, sha256Hex, type Viewer } from '../api';
import { useT } from '../i18n';

interface ReportKind { kind: string; title: string; description: string; parameters: string[] }

// The kinds of contracts.md, used when the host does not list them (yet).
const knownKinds: ReportKind[] = ['compliance', 'rule-failures', 'waivers', 'pii-inventory', 'standard-terms', 'audit-trail']
  .map((kind) => ({ kind, title: kind, description: '', parameters: ['department', 'asOf'] }));

interface Download { kind: string; file: string; bytes: number; sha256: string; manifestSha256: string | null; verified: boolean }

/** Pick a report, scope and as-of date; download the CSV and its manifest and check one against the other. */
export function AuditorPage({ viewer }: { viewer: Viewer | null }) {
  const t = useT();
  const [kinds, setKinds] = useState<ReportKind[]>(knownKinds);
  const [departments, setDepartments] = useState<{ code: string; name: string }[]>([]);
  const [kind, setKind] = useState('compliance');
  const [department, setDepartment] = useState('');
  const [asOf, setAsOf] = useState(() => new Date().toISOString().slice(0, 10));
  const [download, setDownload] = useState<Download | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chain, setChain] = useState<{ intact: boolean; events: number; firstBrokenEventId: string | null; problem: string | null } | null>(null);

  useEffect(() => {
    gql<{ reports: ReportKind[] }>('{ reports { kind title description parameters } }').then((d) => setKinds(d.reports)).catch(() => undefined);
    gql<{ departments: { code: string; name: string }[] }>('{ departments { code name } }').then((d) => setDepartments(d.departments)).catch(() => undefined);
  }, []);

  if (!can.audit(viewer)) return <p role="alert">{t('감사인과 관리자만 볼 수 있습니다.', 'Only auditors and admins see this page.')}</p>;

  const get = async () => {
    setError(null);
    setDownload(null);
    try {
      const params = { department: department || undefined, asOf };
      const data = await fetchReport(kind, params, 'data');
      if (!data.ok) throw new Error(`HTTP ${data.status}: ${await data.text()}`);
      const bytes = await data.arrayBuffer();
      const manifestResponse = await fetchReport(kind, params, 'manifest');
      const manifestText = manifestResponse.ok ? await manifestResponse.text() : null;
      const sha256 = await sha256Hex(bytes);
      const manifestSha256 = manifestText ? findSha256(JSON.parse(manifestText)) : null;
      const disposition = data.headers.get('content-disposition') ?? '';
      const file = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? `${kind}-${asOf}.csv`;
      save(new Blob([bytes], { type: 'text/csv' }), decodeURIComponent(file));
      if (manifestText) save(new Blob([manifestText], { type: 'application/json' }), decodeURIComponent(file).replace(/\.csv$/, '') + '.manifest.json');
      setDownload({ kind, file: decodeURIComponent(file), bytes: bytes.byteLength, sha256, manifestSha256, verified: manifestSha256 === sha256 });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const verify = async () => {
    setError(null);
    try {
      const d = await gql<{ auditVerify: { intact: boolean; events: number; firstBrokenEventId: string | null; problem: string | null } }>(
        '{ auditVerify { intact events firstBrokenEventId problem } }', undefined, { strict: true });
      setChain(d.auditVerify);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const selected = kinds.find((k) => k.kind === kind);
  return (
    <div className="auditor">
      <h1>{t('감사', 'Auditor')}</h1>
      <form className="card stack" onSubmit={(e) => { e.preventDefault(); get(); }}>
        <h2>{t('보고서 내려받기', 'Download a report')}</h2>
        <label>{t('보고서', 'Report')}
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {kinds.map((k) => <option key={k.kind} value={k.kind}>{k.title}</option>)}
          </select>
        </label>
        {selected?.description && <p className="muted">{selected.description}</p>}
        <label>{t('범위 (부서)', 'Scope (department)')}
          <select name="department" value={department} onChange={(e) => setDepartment(e.target.value)}>
            <option value="">{t('시 전체', 'Whole city')}</option>
            {departments.map((d) => <option key={d.code} value={d.code}>{d.name} ({d.code})</option>)}
          </select>
        </label>
        <label>{t('기준일', 'As of')}<input name="asOf" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} /></label>
        <div><button type="submit">{t('내려받기 (CSV + 매니페스트)', 'Download (CSV + manifest)')}</button></div>
      </form>
      {download && (
        <div className="card" data-testid="download">
          <p>{download.file} · {download.bytes.toLocaleString()} bytes</p>
          <p>SHA-256 <code data-testid="sha256">{download.sha256}</code></p>
          <p>{t('매니페스트', 'Manifest')} <code data-testid="manifest-sha256">{download.manifestSha256 ?? '—'}</code></p>
          <p className={download.verified ? 'ok' : 'error'} data-testid="verified">{download.verified ? t('일치: 파일이 매니페스트와 같습니다.', 'Match: the file is the one the manifest describes.') : t('불일치', 'Mismatch')}</p>
        </div>
      )}
      <div className="card">
        <h2>{t('감사 기록 무결성', 'Audit trail integrity')}</h2>
        <button type="button" onClick={verify}>{t('해시 체인 검증', 'Verify the hash chain')}</button>
        {chain && (
          <p data-testid="chain" className={chain.intact ? 'ok' : 'error'}>
            {chain.intact ? t(`온전함: 이벤트 ${chain.events}건`, `Intact: ${chain.events} events`) : t(`깨짐: 이벤트 ${chain.firstBrokenEventId} — ${chain.problem}`, `Broken at event ${chain.firstBrokenEventId}: ${chain.problem}`)}
          </p>
        )}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}

/** The manifest's SHA-256 of the data file, wherever the manifest keeps it (sha256, files[].sha256, data.sha256…). */
export function findSha256(value: unknown): string | null {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (/^sha-?256$/i.test(k) && typeof v === 'string') return v.toLowerCase();
    }
    for (const v of Object.values(value as Record<string, unknown>)) {
      const found = findSha256(v);
      if (found) return found;
    }
  }
  return null;
}

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
