import { useEffect, useState, type FormEvent } from 'react';
import { gql, requestDevelopmentToken, type AuthConfig, type Role } from '../api';
import { useT } from '../i18n';
import { navigate } from '../router';

const demoDepartments = ['transport', 'welfare', 'safety', 'culture', 'data-policy'];

/** The development sign-in: pick a role (and a steward's departments) and get a local token from POST /auth/token. */
export function SignIn({ config, onToken }: { config: AuthConfig; onToken: (token: string) => void }) {
  const t = useT();
  const [role, setRole] = useState<Role>('analyst');
  const [departments, setDepartments] = useState<string[]>(demoDepartments);
  const [chosen, setChosen] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    gql<{ departments: { code: string }[] }>('{ departments { code } }')
      .then((d) => setDepartments(d.departments.map((x) => x.code)))
      .catch(() => undefined);
  }, []);

  if (!config.developmentTokens) {
    return <p role="alert">{t('이 카탈로그는 기관 로그인(OIDC) 토큰을 받습니다. 관리자에게 문의하세요.', 'This catalog takes tokens from the organisation sign-in (OIDC); ask an administrator.')}</p>;
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const token = await requestDevelopmentToken(role, role === 'steward' ? chosen : [], name || `${role}-dev`);
      onToken(token);
      navigate(role === 'steward' ? '/queue' : role === 'auditor' ? '/audit' : '/');
    } catch (ex) {
      setError((ex as Error).message);
    }
  };

  return (
    <form className="card signin" onSubmit={submit} aria-labelledby="signin-title">
      <h1 id="signin-title">{t('개발용 로그인', 'Development sign-in')}</h1>
      <fieldset>
        <legend>{t('역할', 'Role')}</legend>
        {(['analyst', 'steward', 'auditor', 'admin'] as Role[]).map((r) => (
          <label key={r}>
            <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} /> {r}
          </label>
        ))}
      </fieldset>
      {role === 'steward' && (
        <fieldset>
          <legend>{t('담당 부서', 'Departments')}</legend>
          {departments.map((d) => (
            <label key={d}>
              <input type="checkbox" name="department" value={d} checked={chosen.includes(d)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, d] : chosen.filter((x) => x !== d))} /> {d}
            </label>
          ))}
        </fieldset>
      )}
      <label>
        {t('이름', 'Name')} <input name="name" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" disabled={role === 'steward' && chosen.length === 0}>{t('토큰 받기', 'Get a token')}</button>
    </form>
  );
}
