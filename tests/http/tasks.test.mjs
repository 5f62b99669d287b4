// "Công việc của tôi" over real HTTP (/tasks and GET /api/v1/tasks) on the demo office: what
// waits for the specialist (his shares, overdue first, due-soon marked, the secret one routed to
// him and not the one routed to a colleague), for the office leader (documents to route,
// drafts to approve and sign), for the clerk (the electronic queue, a draft to issue, the
// dossier due for hand-over); a secret document routed now shows for its handler only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';
import { workingDayIn } from './workdays-dates.mjs';

let srv;

before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const as = (login) => srv.as(login);

// A deadline must be a working day (issue 13): today + n, moved to the next working day.
function plusDays(n) {
  return n < 0 ? new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10) : workingDayIn(n);
}

async function tasks(login) {
  const r = await (await as(login)).get('/api/v1/tasks');
  assert.equal(r.status, 200, r.text);
  return r.json();
}

test('the specialist: his shares, overdue first, counts that add up, links', async () => {
  const t = await tasks('chuyenvien');
  assert.ok(t.counts.incoming > 0, 'the demo gives the specialist work');
  assert.equal(t.counts.incoming, t.incoming.length);
  assert.equal(t.counts.overdue, t.incoming.filter((x) => x.overdue).length);
  assert.equal(t.counts.due_soon, t.incoming.filter((x) => x.due_soon).length);
  assert.ok(t.counts.overdue > 0, 'the demo has overdue work');
  // overdue first, then by deadline
  const firstNotOverdue = t.incoming.findIndex((x) => !x.overdue);
  if (firstNotOverdue >= 0) assert.ok(t.incoming.slice(firstNotOverdue).every((x) => !x.overdue));
  const later = t.incoming.filter((x) => !x.overdue && x.due_date).map((x) => x.due_date);
  assert.deepEqual(later, [...later].sort());
  for (const x of t.incoming) {
    assert.ok(['lead', 'co'].includes(x.kind));
    assert.equal(x.url, `/incoming/${x.id}`);
    assert.ok(x.overdue ? x.due_date < t.today : true);
  }
  // the Mật document routed to him is there; the one routed to his colleague is not
  assert.ok(t.incoming.some((x) => x.secrecy === 'mat'));
  const other = await tasks('chuyenvien2');
  const theirs = other.incoming.filter((x) => x.secrecy === 'mat').map((x) => x.id);
  assert.ok(theirs.length > 0);
  for (const id of theirs) {
    if (t.incoming.some((x) => x.id === id)) assert.fail(`secret ${id} of chuyenvien2 shows for chuyenvien`);
  }
  // specialists route nothing and issue nothing
  assert.equal(t.counts.to_assign, 0);
  assert.equal(t.counts.queue, 0);
  // he is responsible for the dossier whose hand-over is due
  assert.equal(t.counts.dossiers, 1);
  assert.match(t.dossiers[0].handover_due, /^\d{4}-\d{2}-\d{2}$/);
  // the page: one table, overdue rows marked, the groups counted
  const page = await (await as('chuyenvien')).get('/tasks');
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1>Công việc của tôi<\/h1>/);
  assert.match(page.text, new RegExp(`id="n-incoming">${t.counts.incoming}<`));
  assert.match(page.text, /<tr class="overdue">/);
  assert.match(page.text, /mark mark-secret/);
  assert.match(page.text, new RegExp(`href="/incoming/${t.incoming[0].id}"`));
});

test('the office leader: documents to route, drafts to approve and to sign', async () => {
  const t = await tasks('chanhvp');
  assert.ok(t.counts.to_assign >= 1, 'the newest arrivals wait for routing');
  for (const x of t.to_assign) {
    assert.equal(x.url, `/incoming/${x.id}`);
    // the city's office, not the wards' arrivals (they wait for the wards' own leaders)
    assert.equal(x.unit, 'Văn phòng Thành ủy Cần Thơ');
  }
  const steps = t.outgoing.map((o) => o.step);
  assert.ok(steps.includes('approve'));
  assert.ok(steps.includes('sign'));
  assert.ok(!steps.includes('issue'), 'issuing is the clerk’s step');
  assert.equal(t.counts.outgoing, t.outgoing.length);
  const page = await (await as('chanhvp')).get('/tasks');
  assert.equal(page.status, 200);
  assert.match(page.text, /Chờ duyệt/);
  assert.match(page.text, /Chờ ký/);
  assert.match(page.text, /id="t-assign"/);
});

test('the clerk: the electronic queue, the draft to issue, the dossier due', async () => {
  const t = await tasks('vanthu');
  assert.ok(t.counts.queue >= 3, 'reports of Bình Thủy wait in the office queue');
  for (const q of t.queue) assert.match(q.url, /^\/incoming\/new\?inbox_id=\d+$/);
  assert.deepEqual([...new Set(t.outgoing.map((o) => o.step))], ['issue']);
  // the office's dossiers whose hand-over to the archive is due (the archive demo adds closed
  // years not yet handed over): the count is the list's length
  assert.ok(t.counts.dossiers >= 1);
  assert.equal(t.counts.dossiers, t.dossiers.length);
  const unit = await tasks('donvi');
  assert.ok(unit.counts.incoming > 0, 'the ward has shares of its own');
  assert.equal(unit.counts.queue, 0, 'queues are the clerk’s');
});

test('a secret document routed now: on the handler’s list only', async () => {
  const clerk = await as('vanthu');
  let r = await clerk.post('/api/v1/incoming', {
    json: {
      issuer_name: 'Ban Tổ chức Trung ương', code: '988-CV/BTCTW', doc_type: 'cong_van',
      issued_date: plusDays(-2), subject: 'Về việc thẩm tra lý lịch nhân sự dự kiến (thử)',
      secrecy: 'mat', urgency: 'thuong_khan',
    },
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json().id;
  const me2 = (await (await as('chuyenvien2')).get('/api/v1/me')).json();
  r = await (await as('chanhvp')).post(`/api/v1/incoming/${id}/assign`, {
    json: { lead_user_id: me2.id, due_date: plusDays(1), instruction: 'Thẩm tra, báo cáo.' },
  });
  assert.ok(r.status === 200 || r.status === 201, r.text);
  const mine = (await tasks('chuyenvien2')).incoming.find((x) => x.id === id);
  assert.ok(mine, 'the handler sees it');
  assert.equal(mine.due_soon, true);
  assert.equal(mine.overdue, false);
  assert.equal(mine.urgency, 'thuong_khan');
  const other = await tasks('chuyenvien');
  assert.ok(!other.incoming.some((x) => x.id === id));
  const page = await (await as('chuyenvien')).get('/tasks');
  assert.doesNotMatch(page.text, /thẩm tra lý lịch/);
  const page2 = await (await as('chuyenvien2')).get('/tasks');
  assert.match(page2.text, /thẩm tra lý lịch/);
  assert.match(page2.text, /mark mark-due/);
});

test('anonymous: no tasks', async () => {
  const r = await srv.client().get('/api/v1/tasks');
  assert.equal(r.status, 401);
  const p = await srv.client().get('/tasks');
  assert.equal(p.status, 303);
});
