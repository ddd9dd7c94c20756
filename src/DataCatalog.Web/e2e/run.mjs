// Browser scenarios against a running catalog, in headless Chromium (Debian's package) driven by playwright-core.
//   node e2e/run.mjs <scenario> <base URL> <screenshot folder>
// Exit 0: passed; anything else: failed, with the reason on stderr.
// Anything else: failed, with the reason on stderr. The xunit tests in tests/DataCatalog.EndToEnd.Tests/Browser run this.
import { chromium } from 'playwright-core';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [scenarioName, baseArg, shotsArg] = process.argv.slice(2);
const base = (baseArg ?? 'http://127.0.0.1:5080').replace(/\/$/, '');
const shots = shotsArg ?? 'artifacts/screenshots';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// ---- HTTP beside the browser: the same public endpoints the app uses -------------------------------------------
async function token(role, departments = [], name = `e2e-${role}`) {
  const response = await fetch(`${base}/auth/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role, departments, name }),
  });
  check(response.ok, `POST /auth/token: HTTP ${response.status}`);
  return (await response.json()).token;
}

/** A token for reading when the host has auth, else none (an open host before the auth foundation). */
async function readerToken() {
  const config = await fetch(`${base}/auth/config`);
  if (config.status === 404) return null;
  return token('analyst');
}

async function graphql(query, variables, bearer) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  check(!body.errors, `GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Names of the query and mutation fields, to tell "not merged yet" from "broken". */
async function schemaFields(bearer) {
  const data = await graphql('{ __schema { queryType { fields { name } } mutationType { fields { name } } } }', undefined, bearer);
  return new Set([...data.__schema.queryType.fields, ...(data.__schema.mutationType?.fields ?? [])].map((f) => f.name));
}

// ---- the browser ----------------------------------------------------------------------------------------------
async function browse(work, { bearer = null, width = 1280, height = 900 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'datacatalog-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width, height },
    acceptDownloads: true,
    locale: 'ko-KR',
  });
  try {
    if (bearer) await context.addInitScript((t) => sessionStorage.setItem('datacatalog.token', t), bearer);
    const page = context.pages()[0] ?? await context.newPage();
    page.setDefaultTimeout(60_000);
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => { if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`); });
    await work(page, context);
    check(problems.length === 0, problems.join('\n'));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function shot(page, name) {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** Waits for the app's network to settle and the charts to draw before a screenshot. */
async function settle(page) {
  await page.waitForLoadState('networkidle');
}

// ---- scenarios --------------------------------------------------------------------------------------------------
const scenarios = {
  /** The control tower shows every department with its score, as GraphQL has it. */
  async tower() {
    const bearer = await readerToken();
    const { departments, city } = await graphql('{ departments { code name averageScore } city { scoreHistory { scores { dimension } } } }', undefined, bearer);
    check(departments.length > 0, 'no departments in the catalog');
    // The trend chart draws one line per dimension the city's roll-ups have, in the app's dimension order, and one overall.
    const dimensionOrder = { COMPLETENESS: '완전성', VALIDITY: '유효성', UNIQUENESS: '유일성', CONSISTENCY: '일관성', TIMELINESS: '적시성', ACCURACY: '정확성', STANDARDIZATION: '표준화' };
    const rolledUp = new Set(city.scoreHistory.flatMap((d) => d.scores.map((s) => s.dimension)));
    const expectedSeries = [...Object.keys(dimensionOrder).filter((d) => rolledUp.has(d)).map((d) => dimensionOrder[d]), '전체'];
    check(city.scoreHistory.length > 0 && expectedSeries.length > 1, 'the demo city has no per-dimension score history');
    await browse(async (page) => {
      const started = Date.now();
      await page.goto(`${base}/`);
      await page.locator('[data-testid=league] tbody tr').nth(departments.length - 1).waitFor();
      const firstScreen = Date.now() - started;
      const timing = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        return { domContentLoaded: Math.round(nav.domContentLoadedEventEnd), load: Math.round(nav.loadEventEnd) };
      });
      console.log(`FIRST_SCREEN_MS=${firstScreen} cold (DOMContentLoaded ${timing.domContentLoaded} ms, load ${timing.load} ms)`);
      // Again with the hashed assets in the browser's cache, as a returning user has them.
      const again = Date.now();
      await page.reload();
      await page.locator('[data-testid=league] tbody tr').nth(departments.length - 1).waitFor();
      console.log(`FIRST_SCREEN_MS=${Date.now() - again} warm`);
      const trend = page.locator('[data-testid=trend][data-series]');
      await trend.waitFor();
      const series = JSON.parse(await trend.getAttribute('data-series'));
      check(JSON.stringify(series) === JSON.stringify(expectedSeries),
        `the trend chart draws ${JSON.stringify(series)}; the city's score history has ${JSON.stringify(expectedSeries)}`);
      for (const d of departments) {
        const row = page.locator(`tr[data-department="${d.code}"]`);
        check(await row.count() === 1, `no row for department ${d.code}`);
        const shown = (await row.locator(`[data-testid="score-${d.code}"]`).innerText()).trim();
        const expected = d.averageScore == null ? '—' : d.averageScore.toFixed(1);
        check(shown === expected, `department ${d.code}: the page shows ${shown}, GraphQL says ${expected}`);
        check((await row.innerText()).includes(d.name), `department ${d.code}: its name ${d.name} is not shown`);
      }
      await settle(page);
      await shot(page, 'control-tower');
      // English toggle: the same page in English.
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { name: 'Department league table' }).waitFor();
      await settle(page);
      await shot(page, 'control-tower-en');
      await page.getByRole('button', { name: '한국어로 보기' }).click();
      await page.getByRole('link', { name: '수집원' }).click();
      await page.locator('[data-source]').first().waitFor();
      await settle(page);
      await shot(page, 'sources');
    }, { bearer });
    // Tablet width.
    await browse(async (page) => {
      await page.goto(`${base}/`);
      await page.locator('[data-testid=league] tbody tr').nth(departments.length - 1).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      check(overflow <= 0, `the control tower is ${overflow} px wider than a tablet`);
      await settle(page);
      await shot(page, 'control-tower-tablet');
    }, { bearer, width: 820, height: 1180 });
  },

  /** Search 주차 with the keyboard, and open a dataset. */
  async search() {
    const bearer = await readerToken();
    await browse(async (page) => {
      await page.goto(`${base}/search`);
      // The search box takes the keyboard as soon as the page shows.
      await page.waitForFunction(() => document.activeElement?.id === 'q');
      await page.keyboard.type('주차');
      await page.keyboard.press('Enter');
      await page.waitForURL(/q=/, { waitUntil: 'commit' });
      const first = page.locator('ol.results > li h2 a').first();
      await first.waitFor();
      const count = await page.locator('ol.results > li').count();
      check(count > 0, 'no results for 주차');
      const text = await page.locator('ol.results').innerText();
      check(text.includes('주차') || text.includes('parking'), 'the results for 주차 mention no parking dataset');
      await settle(page);
      await shot(page, 'search');
      const parking = page.locator('ol.results > li', { hasText: 'parking_lot' }).locator('h2 a');
      await ((await parking.count()) ? parking.first() : first).click();
      await page.waitForURL(/\/datasets\//, { waitUntil: 'commit' });
      await page.locator('[data-testid=columns] tbody tr').first().waitFor();
      check(await page.locator('[data-testid=rules] tbody tr').count() > 0, 'the dataset page shows no rule results');
      await settle(page);
      await shot(page, 'dataset');
    }, { bearer });
  },

  /** GraphiQL at /graphql/ui loads the schema with the standard introspection query, sending the same token. */
  async graphiql() {
    const bearer = await readerToken();
    await browse(async (page) => {
      const introspection = page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST'
        && (r.request().postData() ?? '').includes('IntrospectionQuery'));
      const response = await page.goto(`${base}/graphql/ui`);
      check(response.status() === 200, `/graphql/ui: HTTP ${response.status()}`);
      const answer = await introspection;
      check(answer.status() === 200, `introspection: HTTP ${answer.status()}`);
      if (bearer) check(answer.request().headers()['authorization'] === `Bearer ${bearer}`, 'GraphiQL did not send the bearer token');
      const body = await answer.json();
      check(!body.errors, `introspection errors: ${JSON.stringify(body.errors)}`);
      const schema = body.data.__schema;
      check(schema.queryType.name === 'Query', 'no Query type');
      const names = schema.types.map((t) => t.name);
      for (const name of ['Dataset', 'Department', 'Finding', 'HarvestRun']) check(names.includes(name), `the schema lacks ${name}`);
      // Run a query through the editor: the default one, with the run button.
      await page.locator('.graphiql-execute-button').click();
      await page.locator('.graphiql-response').getByText('averageScore').first().waitFor();
      await settle(page);
      await shot(page, 'graphiql');
    }, { bearer });
  },

  /** (needs the auth foundation and helper/audit's mutations) A steward waives a finding in the browser; the dataset page
   *  shows the waiver and the control tower the department's score as GraphQL has it afterwards. */
  async 'steward-waive'() {
    const steward = await token('steward', ['transport'], '김민수');
    const data = await graphql('{ datasets(department: "transport", first: 100) { nodes { id findings { id status } } } }', undefined, steward);
    const target = data.datasets.nodes.flatMap((d) => d.findings.map((f) => ({ dataset: d.id, finding: f }))).find((x) => x.finding.status === 'OPEN');
    check(target, 'no open finding in transport to waive');
    await browse(async (page) => {
      await page.goto(`${base}/queue`);
      await page.locator('[data-testid=queue-count]').waitFor();
      await settle(page);
      await shot(page, 'steward-queue');
      await page.goto(`${base}/datasets/${target.dataset}`);
      const card = page.locator(`[data-finding="${target.finding.id}"]`);
      await card.waitFor();
      await card.getByRole('button', { name: '면제', exact: true }).click();
      await card.locator('input[name=reason]').fill('정비 예정 (e2e)');
      await card.getByRole('button', { name: '면제 확정' }).click();
      await card.locator('[data-testid=waiver]').waitFor();
      check((await card.locator('[data-testid=finding-status]').innerText()).trim() === '면제', 'the finding does not show as waived');
      check((await card.locator('[data-testid=waiver]').innerText()).includes('정비 예정 (e2e)'), 'the waiver reason is not shown');
      await settle(page);
      await shot(page, 'dataset-waived');
      const after = await graphql(`{ dataset(id: "${target.dataset}") { findings { id status waiverReason } } departments { code averageScore } }`, undefined, steward);
      const waived = after.dataset.findings.find((f) => f.id === target.finding.id);
      check(waived.status === 'WAIVED' && waived.waiverReason === '정비 예정 (e2e)', `GraphQL has the finding ${waived.status}`);
      const transport = after.departments.find((d) => d.code === 'transport');
      await page.goto(`${base}/`);
      const score = page.locator('[data-testid="score-transport"]');
      await score.waitFor();
      check((await score.innerText()).trim() === transport.averageScore.toFixed(1), 'the control tower does not show transport\'s score after the waiver');
    }, { bearer: steward });
  },

  /** (needs the auth foundation and helper/reports) An auditor signs in with the picker, downloads a report, and the
   *  file's SHA-256 equals its manifest's. */
  async 'auditor-report'() {
    const auditor = await token('auditor', [], 'e2e-auditor');
    const probe = await fetch(`${base}/reports/compliance?file=manifest`, { headers: { authorization: `Bearer ${auditor}` } });
    check(probe.status === 200, `GET /reports/compliance?file=manifest answered ${probe.status} to an auditor`);
    await browse(async (page) => {
      await page.goto(`${base}/signin`);
      await page.getByRole('radio', { name: 'auditor' }).check();
      await page.getByRole('button', { name: '토큰 받기' }).click();
      await page.waitForURL(/\/audit$/, { waitUntil: 'commit' });
      await page.locator('select[name=kind]').selectOption('compliance');
      const downloads = [];
      page.on('download', (d) => downloads.push(d));
      await page.getByRole('button', { name: /내려받기/ }).click();
      await page.locator('[data-testid=verified]').waitFor();
      check(downloads.length >= 1, 'no file was downloaded');
      const csv = downloads.find((d) => !d.suggestedFilename().endsWith('.json'));
      const bytes = readFileSync(await csv.path());
      const sha = createHash('sha256').update(bytes).digest('hex');
      const asOf = await page.locator('input[name=asOf]').inputValue();
      const token = await page.evaluate(() => sessionStorage.getItem('datacatalog.token'));
      const manifest = await (await fetch(`${base}/reports/compliance?asOf=${asOf}&file=manifest`, { headers: { authorization: `Bearer ${token}` } })).json();
      const expected = findSha256(manifest);
      check(expected === sha, `the downloaded file's SHA-256 ${sha} is not the manifest's ${expected}`);
      check((await page.locator('[data-testid=sha256]').innerText()).trim() === sha, 'the page shows another SHA-256');
      await page.getByRole('button', { name: '해시 체인 검증' }).click();
      await page.locator('[data-testid=chain]').waitFor();
      check((await page.locator('[data-testid=chain]').innerText()).includes('온전함'), 'the audit chain is not reported intact');
      await settle(page);
      await shot(page, 'auditor');
    });
  },

  /** (needs the auth foundation and helper/access) An analyst sees no personal-data samples, top values or min/max. */
  async 'analyst-no-pii'() {
    const analyst = await token('analyst', [], 'e2e-analyst');
    // helper/access brings field visibility and the me query together; without me its branch is not merged.
    const data = await graphql('{ datasets(department: "welfare", first: 100) { nodes { id columns { name piiClass } } } }', undefined, analyst);
    const personal = (c) => c.piiClass !== 'NONE' && c.piiClass !== 'INSTITUTIONAL_CONTACT';
    const target = data.datasets.nodes.find((d) => d.columns.some(personal));
    check(target, 'no welfare dataset with a personal-data column');
    await browse(async (page) => {
      const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('query Dataset'));
      await page.goto(`${base}/datasets/${target.id}`);
      const body = await (await answer).json();
      await page.locator('[data-testid=columns] tbody tr').first().waitFor();
      for (const column of body.data.dataset.columns.filter(personal)) {
        const profile = column.profile;
        check(!profile || (profile.topValues ?? []).length === 0, `${column.name}: top values reach an analyst`);
        check(!profile || (profile.min == null && profile.max == null), `${column.name}: min/max reach an analyst`);
        const cell = page.locator(`tr[data-column="${column.name}"] [data-testid=samples]`);
        check(!/\d{2,3}-\*+-\d{4}|\*+@|[가-힣]\*[가-힣]/.test(await cell.innerText()), `${column.name}: a masked sample is shown`);
      }
      const text = await page.locator('main').innerText();
      check(!/01[016789]-\*{3,4}-\d{4}/.test(text), 'a masked mobile number is on the page');
      await settle(page);
      await shot(page, 'dataset-analyst');
    }, { bearer: analyst });
  },
};

function findSha256(value) {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (/^sha-?256$/i.test(k) && typeof v === 'string') return v.toLowerCase();
    for (const v of Object.values(value)) {
      const found = findSha256(v);
      if (found) return found;
    }
  }
  return null;
}

const scenario = scenarios[scenarioName];
if (!scenario) {
  console.error(`unknown scenario '${scenarioName}'; one of: ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
try {
  await scenario();
  console.log(`PASSED ${scenarioName}`);
  process.exit(0);
} catch (e) {
  console.error(`FAILED ${scenarioName}: ${e.stack ?? e}`);
  process.exit(1);
}
