// The side-by-side table of make bench BACKEND=pg (issue 16): one row per measure, a SQLite
// column and a PostgreSQL column, from two result JSONs of the same corpus (docs and seed).
// Called by bench/report.mjs on a PostgreSQL run; alone:
//   node bench/report_pg.mjs PG.json [SQLITE.json]     (prints the table again, Markdown)
// Budgets (issue 16): search p95 on PostgreSQL within 2 × SQLite's; two nodes ≥ 1.6 × one node.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const SEARCH_RATIO = 2, NODES_RATIO = 1.6;
const f1 = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2)) : '—');

// The newest SQLite result of the same corpus in the results folder (not the PostgreSQL one).
export function findSqlite(pg, pgFile) {
  if (process.env.BENCH_SQLITE_JSON) return JSON.parse(readFileSync(process.env.BENCH_SQLITE_JSON, 'utf8'));
  const d = dirname(pgFile);
  const names = readdirSync(d).filter((f) => f.endsWith('.json') && f !== basename(pgFile)).sort().reverse();
  for (const f of names) {
    try {
      const r = JSON.parse(readFileSync(join(d, f), 'utf8'));
      if ((r.backend || 'sqlite') === 'sqlite' && r.docs === pg.docs && r.seed === pg.seed) return { ...r, file: f };
    } catch { /* not a result */ }
  }
  return null;
}

export function sideBySide(pg, pgFile, sqliteGiven) {
  const sq = sqliteGiven || findSqlite(pg, pgFile);
  const rows = [];
  const add = (what, s, p, ratio = '', budget = '', ok = '') => rows.push({ what, sqlite: s, pg: p, ratio, budget, ok });
  const S = sq || {};
  add(`bulk import (register + extract + index), docs/s${pg.pg && pg.pg.import_docs ? ` [PostgreSQL: first ${pg.pg.import_docs} lines, own demo office]` : ''}`,
    f1(S.ingest_docs_per_s), f1(pg.ingest_docs_per_s), f1(pg.ingest_docs_per_s / S.ingest_docs_per_s) + ' ×');
  if (pg.pg) add('office moved from SQLite: copy-to-pg + reindex (PostgreSQL\'s search keys)', '', `${f1(pg.pg.copy_s)} s + ${f1(pg.pg.reindex_s)} s`);
  // Search: every shape for every login of both runs; the ratio of the p95s (budget ≤ 2 ×).
  const key = (r) => `${r.shape}|${r.login}`;
  const sqSearch = new Map((S.search || []).map((r) => [key(r), r]));
  let worst = 0;
  for (const r of pg.search || []) {
    const s = sqSearch.get(key(r));
    const ratio = s ? r.p95_ms / s.p95_ms : NaN;
    // below a millisecond a ratio says little: the budget counts as met when PG's p95 ≤ 2 ms
    const ok = !s ? '' : ratio <= SEARCH_RATIO || r.p95_ms <= 2 ? 'ok' : 'MISS';
    if (s && Number.isFinite(ratio)) worst = Math.max(worst, ratio);
    const hits = s && s.total !== r.total ? `${s.total} / ${r.total} hits` : `${r.total} hits`;
    add(`search p95 ms, ${r.shape}: ${r.query} [${r.login}, ${hits}]`, s ? f1(s.p95_ms) : '—', f1(r.p95_ms),
      s ? `${f1(ratio)} ×` : '', `≤ ${SEARCH_RATIO} ×`, ok);
  }
  const sqList = new Map((S.list || []).map((r) => [key(r), r]));
  for (const r of pg.list || []) {
    const s = sqList.get(key(r));
    add(`register list p95 ms, ${r.shape.replace(/^list_/, '')} [${r.login}, ${r.total} rows]`, s ? f1(s.p95_ms) : '—', f1(r.p95_ms),
      s ? `${f1(r.p95_ms / s.p95_ms)} ×` : '');
  }
  const hs = S.http || {}, hp = pg.http || {};
  const rps = (h) => (h && Number.isFinite(h.rps) ? `${f1(h.rps)} req/s, p99 ${f1(h.p99_ms)} ms` : '—');
  add(`GET ${hp.page} logged in, wrk -t2 -c64`, rps(hs.vanphong), rps(hp.vanphong), f1(hp.vanphong && hs.vanphong ? hp.vanphong.rps / hs.vanphong.rps : NaN) + ' ×');
  add('nginx, static file of the same size', rps(hs.nginx), rps(hp.nginx));
  const LABEL = { list: 'register list', doc: 'document page', home: 'home page', dashboard: 'dashboard' };
  for (const mode of ['memo', 'nomemo']) {
    for (const k of Object.keys(LABEL)) {
      const a = S.pages && S.pages[mode] && S.pages[mode][k], b = pg.pages && pg.pages[mode] && pg.pages[mode][k];
      if (!b) continue;
      const cell = (x) => (x ? `${f1(x.rps)} req/s (${f1(x.percent_of_nginx)} % nginx), p95 ${f1(x.p95_ms)} ms` : '—');
      add(`${LABEL[k]} ${b.path}, memo ${mode === 'memo' ? 'on' : 'off'}`, cell(a), cell(b), a ? `${f1(b.rps / a.rps)} ×` : '');
    }
  }
  const nd = (r, shape) => (r.nodes || []).find((x) => x.shape === shape);
  for (const [shape, label] of [['one_direct', 'one node, direct'], ['one_nginx', 'one node behind nginx'], ['two_nginx', 'two nodes behind nginx']]) {
    const a = nd(S, shape), b = nd(pg, shape);
    if (b) add(`GET ${b.page}: ${label}, req/s`, a ? f1(a.rps) : '—', f1(b.rps), a ? `${f1(b.rps / a.rps)} ×` : '');
  }
  const two = (r) => (nd(r, 'two_nginx') && nd(r, 'one_nginx') ? nd(r, 'two_nginx').rps / nd(r, 'one_nginx').rps : NaN);
  add(`two nodes / one node behind nginx (both nodes on the same ${pg.machine})`, `${f1(two(S))} ×`, `${f1(two(pg))} ×`, '',
    `≥ ${NODES_RATIO} × (separate machines)`, Number.isFinite(two(pg)) ? (two(pg) >= NODES_RATIO ? 'ok' : 'shared cores') : '');
  add('RSS idle / under load, MB', `${f1(S.rss_idle_kb / 1024)} / ${f1(S.rss_load_kb / 1024)}`, `${f1(pg.rss_idle_kb / 1024)} / ${f1(pg.rss_load_kb / 1024)}`);
  add('start-up to first answered request, ms', f1(S.startup_ms), f1(pg.startup_ms));
  add('database bytes per document', f1(S.db_bytes / S.docs_in_db), f1(pg.db_bytes / pg.docs_in_db));
  add('search index bytes per document', f1(S.fts_bytes / S.docs_in_db), f1(pg.fts_bytes / pg.docs_in_db));

  const head = `make bench BACKEND=pg: ${pg.docs} documents (seed ${pg.seed}), ${pg.machine}; SQLite ${sq ? `${sq.file || 'given'} (commit ${sq.commit})` : 'result not found'}, PostgreSQL ${pg.pg ? pg.pg.version : ''} (commit ${pg.commit}; ${pg.pg ? pg.pg.settings : ''})`;
  console.log(`\n${head}`);
  console.log('| what | SQLite | PostgreSQL | PG / SQLite | budget | ok |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.what} | ${r.sqlite} | ${r.pg} | ${r.ratio} | ${r.budget} | ${r.ok} |`);
  console.log(`(search p95: server time in process; worst PG / SQLite ratio ${f1(worst)} ×. Two nodes share this machine's cores, so the two-node row shows what the balancer and a second process give here, not a second machine: docs/SCALING.md)`);
  if (!sq) console.log('(no SQLite result of the same docs/seed in bench/results: run make bench with the same BENCH_DOCS, BENCH_SEED and BENCH_WORK first)');
  return { sqlite_file: sq ? sq.file || process.env.BENCH_SQLITE_JSON : null, worst_search_ratio: worst, rows };
}

if (process.argv[1] && process.argv[1].endsWith('report_pg.mjs')) {
  const [pgFile, sqFile] = process.argv.slice(2);
  const pg = JSON.parse(readFileSync(pgFile, 'utf8'));
  const sq = sqFile && existsSync(sqFile) ? { ...JSON.parse(readFileSync(sqFile, 'utf8')), file: basename(sqFile) } : null;
  sideBySide(pg, pgFile, sq);
}
