import { useContext, useState, type FormEvent } from 'react';
import { gql } from './api';
import { formatTime, LangContext, named, statusNames, useT, dimensionNames } from './i18n';

export interface FindingItem {
  id: string; ruleId: string; columnName: string | null; dimension: string; severity: string; status: string; message: string | null;
  examined: number; failing: number; examples: string[]; openedAt: string; assignedTo: string | null;
  waivedBy: string | null; waivedUntil: string | null; waiverReason: string | null;
  events?: { at: string; actor: string; from: string | null; to: string; note: string | null }[];
}

/** A finding's own fields; a list of many findings asks for these (each finding's history is a list within a list,
 *  which the endpoint's complexity limit prices out at a page of datasets). */
export const findingListFields = `id ruleId columnName dimension severity status message examined failing examples openedAt assignedTo
  waivedBy waivedUntil waiverReason`;

export const findingFields = `${findingListFields} events { at actor from to note }`;

const closed = ['RESOLVED', 'WAIVED'];

/** A finding with the actions its status allows, offered only when the viewer stewards its department. */
export function FindingCard({ finding, canAct, onChanged }: { finding: FindingItem; canAct: boolean; onChanged: () => void }) {
  const t = useT();
  const lang = useContext(LangContext);
  const [mode, setMode] = useState<'none' | 'waive' | 'assign'>('none');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (mutation: string, variables: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await gql(mutation, { id: finding.id, ...variables }, { strict: true });
      setMode('none');
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const act = (name: string) => run(`mutation($id: ID!) { ${name}(id: $id) { id status } }`, {});

  return (
    <article className={`finding finding-${finding.status}`} data-finding={finding.id} aria-labelledby={`f-${finding.id}`}>
      <h3 id={`f-${finding.id}`}>
        <span className={`status status-${finding.status}`} data-testid="finding-status">{named(t, statusNames, finding.status)}</span>{' '}
        {finding.ruleId}{finding.columnName ? ` · ${finding.columnName}` : ''} <span className="muted">{named(t, dimensionNames, finding.dimension)} · {finding.severity}</span>
      </h3>
      {finding.message && <p>{finding.message}</p>}
      <p className="muted">{t('오류', 'Failing')} {finding.failing.toLocaleString()} / {finding.examined.toLocaleString()} · {t('발생', 'Opened')} {formatTime(finding.openedAt, lang)}
        {finding.assignedTo && <> · {t('담당', 'Assigned to')} {finding.assignedTo}</>}</p>
      {finding.examples.length > 0 && <p className="examples">{t('예', 'Examples')}: {finding.examples.map((x, i) => <code key={i}>{x}</code>)}</p>}
      {finding.status === 'WAIVED' && (
        <p className="waiver" data-testid="waiver">{t('면제 사유', 'Waiver')}: {finding.waiverReason} · {finding.waivedBy} · {t('만료', 'until')} {formatTime(finding.waivedUntil, lang)}</p>
      )}
      {canAct && (
        <div className="actions" role="group" aria-label={t('조치', 'Actions')}>
          {finding.status === 'OPEN' && <button type="button" disabled={busy} onClick={() => act('acknowledgeFinding')}>{t('확인', 'Acknowledge')}</button>}
          {!closed.includes(finding.status) && <button type="button" disabled={busy} onClick={() => setMode(mode === 'assign' ? 'none' : 'assign')}>{t('배정', 'Assign')}</button>}
          {!closed.includes(finding.status) && <button type="button" disabled={busy} onClick={() => act('resolveFinding')}>{t('해결', 'Resolve')}</button>}
          {!closed.includes(finding.status) && <button type="button" disabled={busy} onClick={() => setMode(mode === 'waive' ? 'none' : 'waive')}>{t('면제', 'Waive')}</button>}
          {closed.includes(finding.status) && <button type="button" disabled={busy} onClick={() => act('reopenFinding')}>{t('다시 열기', 'Reopen')}</button>}
        </div>
      )}
      {mode === 'waive' && <WaiveForm busy={busy} onSubmit={(reason, expiresAt) => run(
        'mutation($id: ID!, $reason: String!, $expiresAt: DateTimeOffset!) { waiveFinding(id: $id, reason: $reason, expiresAt: $expiresAt) { id status } }',
        { reason, expiresAt })} />}
      {mode === 'assign' && <AssignForm busy={busy} onSubmit={(assignee, note) => run(
        'mutation($id: ID!, $assignee: String!, $note: String) { assignFinding(id: $id, assignee: $assignee, note: $note) { id status } }',
        { assignee, note: note || null })} />}
      {error && <p role="alert" className="error">{error}</p>}
      {finding.events && finding.events.length > 0 && (
        <details>
          <summary>{t('이력', 'History')} ({finding.events.length})</summary>
          <ul>{finding.events.map((e, i) => <li key={i}>{formatTime(e.at, lang)} {e.actor}: {e.from ?? '—'} → {e.to}{e.note ? ` (${e.note})` : ''}</li>)}</ul>
        </details>
      )}
    </article>
  );
}

function WaiveForm({ busy, onSubmit }: { busy: boolean; onSubmit: (reason: string, expiresAt: string) => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState(() => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(reason.trim(), new Date(`${until}T23:59:59+09:00`).toISOString());
  };
  return (
    <form className="inline" onSubmit={submit}>
      <label>{t('사유', 'Reason')} <input name="reason" required value={reason} onChange={(e) => setReason(e.target.value)} /></label>
      <label>{t('만료일', 'Expires')} <input name="expiresAt" type="date" required value={until} onChange={(e) => setUntil(e.target.value)} /></label>
      <button type="submit" disabled={busy || !reason.trim()}>{t('면제 확정', 'Confirm waiver')}</button>
    </form>
  );
}

function AssignForm({ busy, onSubmit }: { busy: boolean; onSubmit: (assignee: string, note: string) => void }) {
  const t = useT();
  const [assignee, setAssignee] = useState('');
  const [note, setNote] = useState('');
  return (
    <form className="inline" onSubmit={(e) => { e.preventDefault(); onSubmit(assignee.trim(), note.trim()); }}>
      <label>{t('담당자', 'Assignee')} <input name="assignee" required value={assignee} onChange={(e) => setAssignee(e.target.value)} /></label>
      <label>{t('메모', 'Note')} <input name="note" value={note} onChange={(e) => setNote(e.target.value)} /></label>
      <button type="submit" disabled={busy || !assignee.trim()}>{t('배정', 'Assign')}</button>
    </form>
  );
}
