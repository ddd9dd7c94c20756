import { useEffect, useState } from 'react';
import { authConfig, can, storedToken, TOKEN_KEY, viewerFromToken, type AuthConfig, type Viewer } from './api';
import { LANG_KEY, LangContext, type Lang } from './i18n';
import { Link, useLocation } from './router';
import { SignIn } from './pages/signin';
import { ControlTower } from './pages/tower';
import { Search } from './pages/search';
import { DatasetPage } from './pages/dataset';
import { StewardQueue } from './pages/queue';
import { AuditorPage } from './pages/auditor';
import { SourcesPage } from './pages/sources';

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'ko'));
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [viewer, setViewer] = useState<Viewer | null>(() => viewerFromToken(storedToken()));
  const location = useLocation();

  useEffect(() => {
    authConfig().then(setConfig);
  }, []);
  useEffect(() => {
    localStorage.setItem(LANG_KEY, lang);
    document.documentElement.lang = lang;
  }, [lang]);

  const t = (ko: string, en: string) => (lang === 'ko' ? ko : en);
  const signIn = (token: string) => {
    sessionStorage.setItem(TOKEN_KEY, token);
    setViewer(viewerFromToken(token));
  };
  const signOut = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setViewer(null);
  };

  if (!config) return null;
  const mustSignIn = config.available && !config.anonymous && !viewer;

  const path = location.pathname;
  const nav: { href: string; ko: string; en: string; show: boolean }[] = [
    { href: '/', ko: '관제탑', en: 'Control tower', show: true },
    { href: '/search', ko: '검색', en: 'Search', show: true },
    { href: '/queue', ko: '조치 대기열', en: 'Steward queue', show: can.steward(viewer) },
    { href: '/audit', ko: '감사', en: 'Auditor', show: can.audit(viewer) },
    { href: '/sources', ko: '수집원', en: 'Sources', show: true },
  ];

  let page;
  if (mustSignIn) page = <SignIn config={config} onToken={signIn} />;
  else if (path === '/' || path === '') page = <ControlTower />;
  else if (path === '/search') page = <Search />;
  else if (path.startsWith('/datasets/')) page = <DatasetPage id={decodeURIComponent(path.slice('/datasets/'.length))} viewer={viewer} />;
  else if (path === '/queue') page = <StewardQueue viewer={viewer} />;
  else if (path === '/audit') page = <AuditorPage viewer={viewer} />;
  else if (path === '/sources') page = <SourcesPage viewer={viewer} />;
  else if (path === '/signin') page = <SignIn config={config} onToken={signIn} />;
  else page = <p role="alert">{t('없는 화면입니다.', 'No such page.')}</p>;

  return (
    <LangContext.Provider value={lang}>
      <a className="skip" href="#main">{t('본문으로 건너뛰기', 'Skip to content')}</a>
      <header className="top">
        <div className="brand">{t('데이터 관제탑', 'Data control tower')}</div>
        {!mustSignIn && (
          <nav aria-label={t('주 메뉴', 'Main menu')}>
            {nav.filter((n) => n.show).map((n) => (
              <Link key={n.href} href={n.href} aria-current={path === n.href ? 'page' : undefined}>{t(n.ko, n.en)}</Link>
            ))}
          </nav>
        )}
        <div className="who">
          {viewer ? (
            <>
              <span data-testid="viewer">{viewer.name || viewer.subject} · {viewer.roles.join(', ')}{viewer.departments.length ? ` (${viewer.departments.join(', ')})` : ''}</span>
              <button type="button" onClick={signOut}>{t('로그아웃', 'Sign out')}</button>
            </>
          ) : config.developmentTokens && !mustSignIn ? (
            <Link href="/signin">{t('로그인', 'Sign in')}</Link>
          ) : null}
          <button type="button" className="lang" onClick={() => setLang(lang === 'ko' ? 'en' : 'ko')} aria-label={t('Switch to English', '한국어로 보기')}>
            {lang === 'ko' ? 'EN' : '한국어'}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>{page}</main>
    </LangContext.Provider>
  );
}
