// The authorization matrix (issue "Trust").
//
// Every route of the router table × every role (and an anonymous visitor) × the relation of the
// record's unit to the acting account (own / parent / child / sibling / other branch) × every
// secrecy level (none, mat, toi_mat, tuyet_mat), each request answered by a real server and its
// decision compared with an expectation written here, from the rules in plain words — not from
// the C code.
//
// How it works
//   1. Routes come from the table itself: `vanphong routes` prints "METHOD PATTERN FLAGS" for
//      every route_add. A route with no entry in RULES below fails the test ("no rule"), and so
//      does a rule whose route no longer exists. Adding a route means writing who may use it.
//   2. The acting accounts sit in one ward committee, Đảng ủy phường Bình Thủy (own unit = that
//      committee). The relations are units of the demo tree around it, with three units created
//      at start: parent = Thành ủy Cần Thơ; child = a chi bộ under Bình Thủy; sibling = Đảng ủy
//      phường Cái Răng; other branch = a chi bộ under Cái Răng. The office-leader sits in a new
//      "Văn phòng Đảng ủy phường Bình Thủy" (VPĐU) under the ward, the way chanhvp sits in the
//      city office: its committee (the scope's anchor) is the ward.
//        admin            admin (the demo's, at the root)
//        committee-leader thuongtruc.bt   (created; Bình Thủy)
//        office-leader    chanhvp.bt      (created; VPĐU Bình Thủy)
//        clerk            vanthu.binhthuy (demo; Bình Thủy)
//        specialist       chuyenvien.bt   (created; Bình Thủy)
//        unit             donvi           (demo; Bình Thủy)
//   3. Fixtures — a record of every kind for every (relation, secrecy): incoming documents (with a
//      PNG attachment each), incoming documents routed to their unit (for routing/progress),
//      outgoing documents in each state (draft, approved, signed, issued), electronic-queue rows,
//      dossiers (planned and open), units and staff — are made through the API at start by the
//      CITY accounts (vanthu registers and drafts, thuongtruc approves/signs/routes, admin builds
//      units, registers and staff). So no acting account is the registrar, drafter or routed-to
//      person of a pristine fixture: what it sees, it sees by role and scope. Dossiers and units
//      have no secrecy: their checks run once per relation (secrecy "-").
//   4. Decision classes: 'allow' = the request got past authorization (2xx, 3xx other than to the
//      login page, and 400/409/413/415/422: the body or the record's state was refused, not the
//      caller); 'refused' = 403 or 404 (records the caller may not see answer 404, so the two are
//      one class); 'login' = 401 or a redirect to /login (anonymous on a non-public route).
//      A 5xx is always unexpected. Bodies are minimal and valid where possible, so that an allowed
//      write really succeeds and a refused one is refused for who sent it.
//   5. Order: all reads first on pristine fixtures, then writes, state-changing ones last (a
//      second allowed "approve" of the same draft answers 409, which is still 'allow').
//      Writes never touch the fixtures of another route's checks in a way that changes who may
//      see them.
//
// The rules (RULES, one entry per route pattern) in words:
//   scope   — every role is anchored at its own committee (an office's staff at the committee the
//             office serves): admin sees every unit; committee-leader, office-leader and clerk their
//             committee and the units below; specialist and unit accounts their own unit only.
//             So for a ward account: own and child in scope (leaders, clerk), parent, sibling and
//             other branch never.
//   secrecy — a secret (Mật and above) incoming document: only leaders (office-leader,
//             committee-leader) with it in scope, its registrar and the people it was routed to;
//             admin never. A secret outgoing document: leaders and clerks in scope, its drafter,
//             approver and signer; admin never.
//   acts    — register incoming / attach: clerk, office-leader. Route (assign): leaders in scope.
//             Progress: the holder (a member of the routed-to unit, or a leader with it in scope).
//             Pass a unit's share on: leaders and unit accounts with it in scope. Draft outgoing:
//             anyone but admin; edit/version: clerks, leaders (and the drafter); approve: leaders;
//             sign: the register's signing role (committee-leader for committee registers);
//             issue: clerk; recall: clerk or leader — always in scope and only what they may see.
//             Dossiers: seen by anyone with the unit in scope; planned, opened, filled, closed by
//             clerks and leaders of the unit. Units, staff, catalogue, audit, accounts: admin
//             administers; office-leaders list users of their scope.
//
// The test prints the number of checks and every unexpected decision as
//   "ROUTE role relation secrecy: expected X got STATUS"
// and fails when there is any. Run:
//   make -j2 && VANPHONG_BIN=$PWD/build/vanphong node --test --test-concurrency=1 tests/http/authz.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD, cli } from './lib.mjs';

const ROLES = ['anonymous', 'admin', 'committee-leader', 'office-leader', 'clerk', 'specialist', 'unit'];
const RELS = ['own', 'parent', 'child', 'sibling', 'other'];
const SECRECY = ['none', 'mat', 'toi_mat', 'tuyet_mat'];
const ACTOR = {
  admin: 'admin',
  'committee-leader': 'thuongtruc.bt',
  'office-leader': 'chanhvp.bt',
  clerk: 'vanthu.binhthuy',
  specialist: 'chuyenvien.bt',
  unit: 'donvi',
};

// ---- the rule vocabulary (plain words → functions of role, relation, secrecy) -------------

const LEADERS = ['committee-leader', 'office-leader'];
const isLeader = (role) => LEADERS.includes(role);
const secret = (sec) => sec !== 'none' && sec !== '-';
// Unit scope, anchored at the account's committee.
function inScope(role, rel) {
  if (role === 'admin') return true;
  if (isLeader(role) || role === 'clerk') return rel === 'own' || rel === 'child';
  return rel === 'own'; // specialist, unit
}
// May see an incoming document (none of the actors registered it or is routed to it).
function seeIn(role, rel, sec) {
  if (!secret(sec)) return inScope(role, rel);
  return isLeader(role) && inScope(role, rel);
}
// An incoming document routed (lead) to its own receiving unit: members of that unit are the
// people it was routed to.
const memberOf = (role, rel) => rel === 'own' && role !== 'office-leader' && role !== 'admin';
// May see an outgoing document (none of the actors drafted, approved or signed it).
function seeOut(role, rel, sec) {
  if (!secret(sec)) return inScope(role, rel);
  return (isLeader(role) || role === 'clerk') && inScope(role, rel);
}

const A = (b) => (b ? 'allow' : 'refused');
const anyone = () => 'allow';
const only = (...roles) => (role) => A(roles.includes(role));

// ---- the rule table: one entry per route pattern ------------------------------------------
//
// pub: true      — public: every caller, anonymous included, is let through.
// dims           — 'role' (one check per role), 'rel' (per role × relation), 'doc' (per role ×
//                  relation × secrecy).
// expect         — (role, rel, sec) → 'allow' | 'refused' (anonymous is 'login' unless pub).
// req            — (fx, rel, sec, role) → {path, body?, json?, multipart?}; {id} parameters are the
//                  fixture of the combination.
// phase          — order of execution: 0 reads, 1 harmless writes, 2.. state-changing writes.

const R = {};
function rule(key, def) { R[key] = { phase: key.startsWith('GET ') ? 0 : 1, dims: 'role', ...def }; }

// The frame, assets, login.
rule('GET /', { expect: anyone });
rule('GET /assets/{name}', { pub: true, req: () => ({ path: '/assets/app.css' }) });
rule('GET /favicon.ico', { pub: true });
rule('GET /healthz', { pub: true });
rule('GET /login', { pub: true });
// Login CSRF: a POST without the cookie and field that GET /login hands out is refused (403)
// for everyone, before the password is looked at (tests/http/accounts.test.mjs logs in).
rule('POST /login', { pub: true, expect: () => 'refused', req: () => ({ form: { login: 'matrix.nobody', password: 'khong-dung-dau' } }) });
// Logging out ends the session: run on a throwaway session (see below).
rule('POST /logout', { expect: anyone, phase: 9, throwaway: true, loginIsAllow: true });
rule('GET /account/password', { expect: anyone });
// A wrong current password: the form answers with its error, nothing changes.
rule('POST /account/password', { expect: anyone, req: () => ({ form: { current: 'sai-mat-khau-0', password: 'mat-khau-moi-123', confirm: 'mat-khau-moi-123' } }) });

// Accounts: admin administers; office-leaders list the users of their scope.
rule('GET /admin/users', { expect: only('admin', 'office-leader') });
rule('GET /admin/users/new', { expect: only('admin') });
rule('POST /admin/users/new', { expect: only('admin'), req: (fx, rel, sec, role) => ({ form: { login: `mx.web.${role}`, name: 'Người Thử', role: 'specialist', unit_id: fx.unit.own, password: 'mat-khau-thu-123' } }) });
rule('GET /api/v1/me', { expect: anyone });
// Running accounts (disable, enable, reset, require a change, revoke tokens): administrators
// within their scope (the acting admin is the city's, whose scope is the whole tree). The
// targets are throwaway accounts, one per relation, and tokens they own (no actor owns them,
// so only an administrator may revoke them).
const manage = (role) => A(role === 'admin');
const target = (page, verb) => (fx, rel) => ({ path: `${page}/${fx.target[rel]}${verb}`, ...(page.startsWith('/api') ? { json: {} } : { form: {} }) });
rule('GET /admin/users/{id}', { dims: 'rel', expect: manage, req: (fx, rel) => ({ path: `/admin/users/${fx.target[rel]}` }) });
rule('POST /admin/users/{id}/disable', { dims: 'rel', phase: 2, expect: manage, req: target('/admin/users', '/disable') });
rule('POST /admin/users/{id}/enable', { dims: 'rel', phase: 3, expect: manage, req: target('/admin/users', '/enable') });
rule('POST /admin/users/{id}/password', { dims: 'rel', phase: 2, expect: manage, req: target('/admin/users', '/password') });
rule('POST /admin/users/{id}/require-change', { dims: 'rel', phase: 2, expect: manage, req: target('/admin/users', '/require-change') });
rule('POST /admin/tokens/{id}/revoke', { dims: 'rel', phase: 2, expect: manage, req: (fx, rel) => ({ path: `/admin/tokens/${fx.targetTokWeb[rel]}/revoke`, form: {} }) });
rule('GET /api/v1/users/{id}', { dims: 'rel', expect: manage, req: (fx, rel) => ({ path: `/api/v1/users/${fx.target[rel]}` }) });
rule('POST /api/v1/users/{id}/disable', { dims: 'rel', phase: 2, expect: manage, req: target('/api/v1/users', '/disable') });
rule('POST /api/v1/users/{id}/enable', { dims: 'rel', phase: 3, expect: manage, req: target('/api/v1/users', '/enable') });
rule('POST /api/v1/users/{id}/password', { dims: 'rel', phase: 2, expect: manage, req: target('/api/v1/users', '/password') });
rule('POST /api/v1/users/{id}/require-password-change', { dims: 'rel', phase: 2, expect: manage, req: target('/api/v1/users', '/require-password-change') });
// Everyone lists their own tokens; an administrator everyone's.
rule('GET /api/v1/tokens', { expect: anyone });
rule('POST /api/v1/tokens/{id}/revoke', { dims: 'rel', phase: 2, expect: manage, req: (fx, rel) => ({ path: `/api/v1/tokens/${fx.targetTokApi[rel]}/revoke`, json: {} }) });
rule('GET /api/v1/users', { expect: only('admin', 'office-leader') });
rule('POST /api/v1/users', { expect: only('admin'), req: (fx, rel, sec, role) => ({ json: { login: `mx.api.${role}`, name: 'Người Thử', role: 'specialist', unit_id: fx.unit.own, password: 'mat-khau-thu-123' } }) });

// Office tree and staff: everyone reads the units and people of their scope; admin edits.
rule('GET /org', { expect: anyone });
rule('GET /org/units/new', { expect: only('admin') });
rule('POST /org/units/new', { expect: only('admin'), req: (fx, rel, sec, role) => ({ form: { name: `Chi bộ thử ${role}`, abbr: 'CBT', level: 'CHI_BO', parent_id: fx.unit.child } }) });
rule('GET /org/units/{id}', { dims: 'rel', expect: (role, rel) => A(inScope(role, rel)), req: (fx, rel) => ({ path: `/org/units/${fx.unit[rel]}` }) });
rule('GET /org/units/{id}/edit', { dims: 'rel', expect: (role) => A(role === 'admin'), req: (fx, rel) => ({ path: `/org/units/${fx.unit[rel]}/edit` }) });
rule('POST /org/units/{id}/edit', { dims: 'rel', expect: (role) => A(role === 'admin'), req: (fx, rel) => ({ path: `/org/units/${fx.unit[rel]}/edit`, form: { name: fx.unitName[rel], abbr: fx.unitAbbr[rel], level: fx.unitLevel[rel], parent_id: fx.unitParent[rel] ?? '', sort_order: fx.unitSort[rel] } }) });
rule('GET /org/staff', { expect: anyone });
rule('GET /org/staff/new', { expect: only('admin') });
rule('POST /org/staff/new', { expect: only('admin'), req: (fx) => ({ form: { full_name: 'Trần Văn Thử', unit_id: fx.unit.own, position: 'Đảng viên' } }) });
rule('GET /org/staff/{id}', { dims: 'rel', expect: (role, rel) => A(inScope(role, rel)), req: (fx, rel) => ({ path: `/org/staff/${fx.staff[rel]}` }) });
rule('GET /org/staff/{id}/edit', { dims: 'rel', expect: (role) => A(role === 'admin'), req: (fx, rel) => ({ path: `/org/staff/${fx.staff[rel]}/edit` }) });
rule('POST /org/staff/{id}/edit', { dims: 'rel', expect: (role) => A(role === 'admin'), req: (fx, rel) => ({ path: `/org/staff/${fx.staff[rel]}/edit`, form: { full_name: fx.staffName[rel], unit_id: fx.unit[rel], active: '1' } }) });
rule('GET /api/v1/units', { expect: anyone });
rule('POST /api/v1/units', { expect: only('admin'), req: (fx, rel, sec, role) => ({ json: { name: `Chi bộ thử API ${role}`, abbr: 'CBTA', level: 'CHI_BO', parent_id: fx.unit.child } }) });
rule('GET /api/v1/units/{id}', { dims: 'rel', expect: (role, rel) => A(inScope(role, rel)), req: (fx, rel) => ({ path: `/api/v1/units/${fx.unit[rel]}` }) });
rule('PATCH /api/v1/units/{id}', { dims: 'rel', expect: (role) => A(role === 'admin'), req: (fx, rel) => ({ path: `/api/v1/units/${fx.unit[rel]}`, json: { sort_order: fx.unitSort[rel] } }) });
rule('GET /api/v1/staff', { expect: anyone });
rule('GET /api/v1/staff/{id}', { dims: 'rel', expect: (role, rel) => A(inScope(role, rel)), req: (fx, rel) => ({ path: `/api/v1/staff/${fx.staff[rel]}` }) });

// Audit trail and catalogue: admin.
rule('GET /admin/audit', { expect: only('admin') });
rule('GET /api/v1/audit', { expect: only('admin') });
rule('GET /admin/catalog', { expect: only('admin') });
rule('POST /admin/catalog/doc-type', { expect: only('admin'), req: (fx, rel, sec, role) => ({ form: { code: `mx_${role.replace('-', '_')}`, name: `Loại thử ${role}`, abbr: 'LT' } }) });
rule('POST /admin/catalog/term', { expect: only('admin'), req: (fx) => ({ form: { unit_id: fx.unit.child, name: 'Nhiệm kỳ thử', starts_on: '2020-01-01', ends_on: '2020-12-31' } }) });
rule('POST /admin/catalog/register', { expect: only('admin'), req: (fx) => ({ form: { unit_id: fx.unit.child, term_unit_id: fx.unit.own, name: 'Sổ thử', policy: 'party', issuer_abbr: 'CBX', signer_role: 'committee-leader' } }) });
rule('GET /api/v1/catalog/doc-types', { expect: anyone });
rule('GET /api/v1/catalog/registers', { expect: anyone });
rule('GET /api/v1/catalog/terms', { expect: anyone });

// Attachments: whoever may see the document it belongs to (here: incoming documents).
rule('GET /attachments/{id}', { dims: 'doc', expect: (r, l, s) => A(seeIn(r, l, s)), req: (fx, rel, sec) => ({ path: `/attachments/${fx.inAtt[rel][sec]}` }) });
rule('GET /attachments/{id}/preview', { dims: 'doc', expect: (r, l, s) => A(seeIn(r, l, s)), req: (fx, rel, sec) => ({ path: `/attachments/${fx.inAtt[rel][sec]}/preview` }) });

// Incoming documents.
const mayRegister = (role) => role === 'clerk' || role === 'office-leader';
rule('GET /incoming', { expect: anyone });
rule('GET /incoming/new', { expect: (role) => A(mayRegister(role)) });
rule('POST /incoming/new', { dims: 'rel', expect: (role, rel) => A(mayRegister(role) && inScope(role, rel)), req: (fx, rel, sec, role) => ({ form: inForm(fx, rel, `web ${role} ${rel}`) }) });
rule('GET /incoming/{id}', { dims: 'doc', expect: (r, l, s) => A(seeIn(r, l, s)), req: (fx, rel, sec) => ({ path: `/incoming/${fx.in[rel][sec]}` }) });
rule('POST /incoming/{id}/attach', { dims: 'doc', expect: (r, l, s) => A(mayRegister(r) && seeIn(r, l, s)), req: (fx, rel, sec) => ({ path: `/incoming/${fx.in[rel][sec]}/attach`, multipart: true }) });
rule('POST /api/v1/incoming', { dims: 'rel', expect: (role, rel) => A(mayRegister(role) && inScope(role, rel)), req: (fx, rel, sec, role) => ({ json: inForm(fx, rel, `api ${role} ${rel}`) }) });
rule('GET /api/v1/incoming', { expect: anyone });
rule('GET /api/v1/incoming/{id}', { dims: 'doc', expect: (r, l, s) => A(seeIn(r, l, s)), req: (fx, rel, sec) => ({ path: `/api/v1/incoming/${fx.in[rel][sec]}` }) });
rule('POST /api/v1/incoming/{id}/attachments', { dims: 'doc', expect: (r, l, s) => A(mayRegister(r) && seeIn(r, l, s)), req: (fx, rel, sec) => ({ path: `/api/v1/incoming/${fx.in[rel][sec]}/attachments`, multipart: true }) });

// The electronic queue: kept by the clerk (and read by the office-leader) of the unit.
const keepsQueue = (role) => role === 'clerk' || role === 'office-leader';
rule('GET /incoming/inbox', { expect: (role) => A(keepsQueue(role)) });
rule('GET /api/v1/inbox', { expect: (role) => A(keepsQueue(role)) });
// Refusing a row: those who keep the queue, with the receiving unit in scope.
// (A clerk keeps the queue of their own unit and of the committee their office serves; an
// office-leader those of the units in scope.)
const mayRefuse = (role, rel) => keepsQueue(role) && (role === 'clerk' ? rel === 'own' : inScope(role, rel));
// Reading a queued document and its files before registering: whoever may see the queue row,
// that is whoever keeps it (the same as may refuse it); read before any row is refused.
rule('GET /incoming/inbox/{id}', { dims: 'doc', expect: (r, l, s) => A(mayRefuse(r, l, s)), req: (fx, rel, sec) => ({ path: `/incoming/inbox/${fx.inbox[rel][sec]}` }) });
rule('GET /incoming/inbox/{id}/files/{fid}', { dims: 'doc', expect: (r, l, s) => A(mayRefuse(r, l, s)), req: (fx, rel, sec) => ({ path: `/incoming/inbox/${fx.inbox[rel][sec]}/files/${fx.inboxFile[rel][sec]}` }) });
rule('GET /incoming/inbox/{id}/files/{fid}/preview', { dims: 'doc', expect: (r, l, s) => A(mayRefuse(r, l, s)), req: (fx, rel, sec) => ({ path: `/incoming/inbox/${fx.inbox[rel][sec]}/files/${fx.inboxFile[rel][sec]}/preview` }) });
rule('POST /incoming/inbox/{id}/refuse', { dims: 'doc', phase: 2, expect: (r, l, s) => A(mayRefuse(r, l, s)), req: (fx, rel, sec) => ({ path: `/incoming/inbox/${fx.inbox[rel][sec]}/refuse`, form: { reason: 'Gửi nhầm đơn vị' } }) });
rule('POST /api/v1/inbox/{id}/refuse', { dims: 'doc', phase: 2, expect: (r, l, s) => A(mayRefuse(r, l, s)), req: (fx, rel, sec) => ({ path: `/api/v1/inbox/${fx.inbox2[rel][sec]}/refuse`, json: { reason: 'Gửi nhầm đơn vị' } }) });

// Notifications: one's own.
rule('GET /notifications', { expect: anyone });
rule('POST /notifications/read', { expect: anyone });
// Opening one marks it read and goes to its document: one's own only (another's is 404).
rule('GET /notifications/{id}/open', {
  variants: [
    { name: 'own', expect: (role) => A(fx.note[role] !== undefined), req: (fx, rel, sec, role) => ({ path: `/notifications/${fx.note[role] ?? 999999999}/open` }) },
    { name: 'foreign', expect: () => 'refused', req: (fx) => ({ path: `/notifications/${fx.foreignNote}/open` }) },
  ],
});
rule('GET /api/v1/notifications', { expect: anyone });
rule('POST /api/v1/notifications/read', { expect: anyone, req: () => ({ json: {} }) });

// Handling (tasks/): on documents routed (lead) to their own receiving unit.
// A unit's share of a secret document is held by the leaders with the unit in scope only: the
// other members of the unit are not people it was routed to.
const holds = (role, rel, sec) => (memberOf(role, rel) && !secret(sec)) || (isLeader(role) && inScope(role, rel));
const mayPass = (role, rel, sec) => (isLeader(role) || (role === 'unit' && !secret(sec))) && inScope(role, rel);
// Routing: a leader routes the documents of their own committee's register only; the register of
// a unit below (the child) is routed by that unit's leaders.
const mayAssign = (role, rel) => isLeader(role) && rel === 'own';
rule('POST /incoming/{id}/progress', { dims: 'doc', phase: 2, expect: (r, l, s) => A(holds(r, l, s)), req: (fx, rel, sec) => ({ path: `/incoming/${fx.inR[rel][sec]}/progress`, form: { action: 'progress', note: 'Đang xử lý' } }) });
rule('POST /api/v1/incoming/{id}/progress', { dims: 'doc', phase: 2, expect: (r, l, s) => A(holds(r, l, s)), req: (fx, rel, sec) => ({ path: `/api/v1/incoming/${fx.inR[rel][sec]}/progress`, json: { action: 'progress', note: 'Đang xử lý', assignment_id: fx.inRA[rel][sec] } }) });
rule('POST /incoming/{id}/pass', { dims: 'doc', phase: 3, expect: (r, l, s) => A(mayPass(r, l, s)), req: (fx, rel, sec) => ({ path: `/incoming/${fx.inR[rel][sec]}/pass`, form: { from_assignment_id: fx.inRA[rel][sec], user_id: fx.person[rel], due_date: '2099-12-31', instruction: 'Giao xử lý' } }) });
rule('POST /incoming/{id}/assign', { dims: 'doc', phase: 4, expect: (r, l) => A(mayAssign(r, l)), req: (fx, rel, sec) => ({ path: `/incoming/${fx.inR[rel][sec]}/assign`, form: { lead: `u${fx.unit[rel]}`, due_date: '2099-12-31', instruction: 'Chủ trì' } }) });
rule('POST /api/v1/incoming/{id}/assign', { dims: 'doc', phase: 4, expect: (r, l) => A(mayAssign(r, l)), req: (fx, rel, sec) => ({ path: `/api/v1/incoming/${fx.inR2[rel][sec]}/assign`, json: { lead_unit_id: fx.unit[rel], due_date: '2099-12-31', instruction: 'Chủ trì' } }) });
rule('GET /tasks', { expect: anyone });
rule('GET /api/v1/tasks', { expect: anyone });
// Trả lại: those who may route it (the routed fixtures answer 409, still 'allow'); trình lại:
// the registrar, or clerks and office-leaders of the receiving unit's scope who see it.
rule('POST /incoming/{id}/return', { dims: 'doc', phase: 2, expect: (r, l) => A(mayAssign(r, l)), req: (fx, rel, sec) => ({ path: `/incoming/${fx.inR[rel][sec]}/return`, form: { reason: 'Thiếu trang' } }) });
rule('POST /api/v1/incoming/{id}/return', { dims: 'doc', phase: 2, expect: (r, l) => A(mayAssign(r, l)), req: (fx, rel, sec) => ({ path: `/api/v1/incoming/${fx.inR[rel][sec]}/return`, json: { reason: 'Thiếu trang' } }) });
rule('POST /incoming/{id}/resubmit', { dims: 'doc', phase: 2, expect: (r, l, s) => A(mayRegister(r) && inScope(r, l) && seeIn(r, l, s)), req: (fx, rel, sec) => ({ path: `/incoming/${fx.inR[rel][sec]}/resubmit`, form: {} }) });
rule('POST /api/v1/incoming/{id}/resubmit', { dims: 'doc', phase: 2, expect: (r, l, s) => A(mayRegister(r) && inScope(r, l) && seeIn(r, l, s)), req: (fx, rel, sec) => ({ path: `/api/v1/incoming/${fx.inR[rel][sec]}/resubmit`, json: {} }) });
// Routing several at once: leaders (or a deputy under ủy quyền; the matrix has none), each
// document then checked as one routing is.
rule('POST /tasks/assign', { expect: (role) => A(isLeader(role)), req: () => ({ form: {} }) });
// Ủy quyền: everyone reads the delegations they gave or received; leaders create them; only
// its leader ends one (the matrix's accounts own none: refused for all).
rule('GET /tasks/delegations', { expect: anyone });
rule('GET /api/v1/delegations', { expect: anyone });
rule('POST /tasks/delegations', { expect: (role) => A(isLeader(role)), req: () => ({ form: {} }) });
rule('POST /api/v1/delegations', { expect: (role) => A(isLeader(role)), req: () => ({ json: {} }) });
// Saved filters: everyone keeps their own; nobody reads or deletes another's (the fixture is
// the city clerk's filter: 404 for every acting account).
rule('GET /api/v1/filters', { expect: anyone });
rule('POST /filters', { expect: anyone, req: () => ({ form: { list: 'incoming', name: '', query: '' } }) });
rule('POST /api/v1/filters', { expect: anyone, req: () => ({ json: { list: 'incoming', name: '', query: '' } }) });
rule('POST /filters/{id}/delete', { expect: () => 'refused', req: (fx) => ({ path: `/filters/${fx.filter}/delete`, form: {} }) });
rule('POST /api/v1/filters/{id}/delete', { expect: () => 'refused', req: (fx) => ({ path: `/api/v1/filters/${fx.filter}/delete`, json: {} }) });
rule('POST /tasks/delegations/{id}/end', { expect: () => 'refused', req: () => ({ path: '/tasks/delegations/999999/end', form: {} }) });
rule('POST /api/v1/delegations/{id}/end', { expect: () => 'refused', req: () => ({ path: '/api/v1/delegations/999999/end', json: {} }) });

// Outgoing documents.
const mayEdit = (r, l, s) => (isLeader(r) || r === 'clerk') && seeOut(r, l, s);
rule('GET /outgoing', { expect: anyone });
rule('GET /outgoing/new', { expect: (role) => A(role !== 'admin') });
rule('POST /outgoing/new', { dims: 'rel', expect: (role, rel) => A(role !== 'admin' && inScope(role, rel)), req: (fx, rel) => ({ form: { register_id: fx.reg[rel], doc_type: 'cong_van', subject: 'Dự thảo thử', body: 'Nội dung', secrecy: 'none', urgency: 'normal' } }) });
rule('GET /outgoing/{id}', { dims: 'doc', expect: (r, l, s) => A(seeOut(r, l, s)), req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.issued[rel][sec]}` }) });
rule('POST /outgoing/{id}/comment', { dims: 'doc', expect: (r, l, s) => A(r !== 'admin' && seeOut(r, l, s)), req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.draft[rel][sec]}/comment`, form: { text: 'Góp ý' } }) });
rule('POST /outgoing/{id}/version', { dims: 'doc', expect: mayEditA, req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.draft[rel][sec]}/version`, form: { subject: 'Dự thảo sửa', body: 'Nội dung sửa' } }) });
rule('POST /outgoing/{id}/attach', { dims: 'doc', expect: mayEditA, req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.draft[rel][sec]}/attach`, multipart: true }) });
rule('POST /outgoing/{id}/approve', { dims: 'doc', phase: 2, expect: (r, l, s) => A(isLeader(r) && inScope(r, l)), req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.draft[rel][sec]}/approve`, form: { note: 'Đồng ý' } }) });
// Trình: whoever may edit the draft, to a leader whose scope holds it (the city's committee
// leader); Trả lại: the leaders who may approve or sign it (an approved document), in scope.
rule('POST /outgoing/{id}/submit', { dims: 'doc', expect: mayEditA, req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.draft[rel][sec]}/submit`, form: { to: String(fx.person.parent) } }) });
rule('POST /outgoing/{id}/return', { dims: 'doc', phase: 2, expect: (r, l) => A(isLeader(r) && inScope(r, l)), req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.approved[rel][sec]}/return`, form: { comment: 'Sửa lại' } }) });
rule('POST /outgoing/{id}/sign', { dims: 'doc', phase: 2, expect: (r, l) => A(r === 'committee-leader' && inScope(r, l)), req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.approved[rel][sec]}/sign` }) });
rule('POST /outgoing/{id}/issue', { dims: 'doc', phase: 2, expect: (r, l) => A(r === 'clerk' && inScope(r, l)), req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.signed[rel][sec]}/issue` }) });
rule('POST /outgoing/{id}/recall', { dims: 'doc', phase: 3, expect: (r, l) => A((r === 'clerk' || isLeader(r)) && inScope(r, l)), req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.issued[rel][sec]}/recall`, form: { reason: 'Thu hồi thử' } }) });
rule('GET /api/v1/outgoing', { expect: anyone });
rule('POST /api/v1/outgoing', { dims: 'rel', expect: (role, rel) => A(role !== 'admin' && inScope(role, rel)), req: (fx, rel) => ({ json: { register_id: fx.reg[rel], doc_type: 'cong_van', subject: 'Dự thảo thử', body: 'Nội dung', secrecy: 'none', urgency: 'normal' } }) });
rule('GET /api/v1/outgoing/{id}', { dims: 'doc', expect: (r, l, s) => A(seeOut(r, l, s)), req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.draft[rel][sec]}` }) });
rule('GET /api/v1/outgoing/{id}/status', { dims: 'doc', expect: (r, l, s) => A(seeOut(r, l, s)), req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.issued[rel][sec]}/status` }) });
rule('POST /api/v1/outgoing/{id}/comments', { dims: 'doc', expect: (r, l, s) => A(r !== 'admin' && seeOut(r, l, s)), req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.draft[rel][sec]}/comments`, json: { text: 'Góp ý' } }) });
rule('POST /api/v1/outgoing/{id}/versions', { dims: 'doc', expect: mayEditA, req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.draft[rel][sec]}/versions`, json: { subject: 'Dự thảo sửa', body: 'Nội dung sửa' } }) });
rule('POST /api/v1/outgoing/{id}/attachments', { dims: 'doc', expect: mayEditA, req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.draft[rel][sec]}/attachments`, multipart: true }) });
rule('POST /api/v1/outgoing/{id}/approve', { dims: 'doc', phase: 2, expect: (r, l) => A(isLeader(r) && inScope(r, l)), req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.draft2[rel][sec]}/approve`, json: { note: 'Đồng ý' } }) });
rule('POST /api/v1/outgoing/{id}/submit', { dims: 'doc', expect: mayEditA, req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.draft2[rel][sec]}/submit`, json: { to: fx.person.parent } }) });
rule('POST /api/v1/outgoing/{id}/return', { dims: 'doc', phase: 2, expect: (r, l) => A(isLeader(r) && inScope(r, l)), req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.approved2[rel][sec]}/return`, json: { comment: 'Sửa lại' } }) });
rule('POST /api/v1/outgoing/{id}/sign', { dims: 'doc', phase: 2, expect: (r, l) => A(r === 'committee-leader' && inScope(r, l)), req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.approved2[rel][sec]}/sign`, json: {} }) });
rule('POST /api/v1/outgoing/{id}/issue', { dims: 'doc', phase: 2, expect: (r, l) => A(r === 'clerk' && inScope(r, l)), req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.signed2[rel][sec]}/issue`, json: {} }) });
rule('POST /api/v1/outgoing/{id}/recall', { dims: 'doc', phase: 3, expect: (r, l) => A((r === 'clerk' || isLeader(r)) && inScope(r, l)), req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.issued2[rel][sec]}/recall`, json: { reason: 'Thu hồi thử' } }) });
function mayEditA(r, l, s) { return A(mayEdit(r, l, s)); }

// Dossiers: the plan of a unit in scope is seen by anyone; clerks and leaders manage it.
const manages = (role, rel) => (role === 'clerk' || isLeader(role)) && inScope(role, rel);
rule('GET /dossiers', { expect: anyone });
rule('POST /dossiers', { dims: 'rel', expect: (r, l) => A(manages(r, l)), req: (fx, rel) => ({ form: { heading_id: fx.heading[rel], title: 'Hồ sơ thử', retention_years: '10' } }) });
rule('POST /dossiers/headings', { expect: (role) => A(role === 'clerk' || isLeader(role)), req: (fx, rel, sec, role) => ({ form: { year: String(fx.year), title: `Đề mục ${role}`, abbr: 'DM' } }) });
rule('GET /dossiers/{id}', { dims: 'rel', expect: (r, l) => A(inScope(r, l)), req: (fx, rel) => ({ path: `/dossiers/${fx.dossier.planned[rel]}` }) });
rule('POST /dossiers/{id}/open', { dims: 'rel', phase: 2, expect: (r, l) => A(manages(r, l)), req: (fx, rel) => ({ path: `/dossiers/${fx.dossier.planned[rel]}/open` }) });
rule('POST /dossiers/{id}/documents', { dims: 'rel', phase: 2, expect: (r, l) => A(manages(r, l)), req: (fx, rel) => ({ path: `/dossiers/${fx.dossier.open[rel]}/documents`, form: { doc_kind: 'in', doc_id: fx.in[rel].none } }) });
rule('POST /dossiers/{id}/close', { dims: 'rel', phase: 3, expect: (r, l) => A(manages(r, l)), req: (fx, rel) => ({ path: `/dossiers/${fx.dossier.open[rel]}/close` }) });
rule('GET /api/v1/dossiers', { expect: anyone });
rule('POST /api/v1/dossiers', { dims: 'rel', expect: (r, l) => A(manages(r, l)), req: (fx, rel) => ({ json: { heading_id: fx.heading[rel], title: 'Hồ sơ thử', retention_years: 10 } }) });
rule('POST /api/v1/dossiers/headings', { dims: 'rel', expect: (r, l) => A(manages(r, l)), req: (fx, rel, sec, role) => ({ json: { year: fx.year, title: `Đề mục ${role}`, abbr: 'DM', unit_id: fx.unit[rel] } }) });
rule('GET /api/v1/dossiers/{id}', { dims: 'rel', expect: (r, l) => A(inScope(r, l)), req: (fx, rel) => ({ path: `/api/v1/dossiers/${fx.dossier.planned[rel]}` }) });
rule('POST /api/v1/dossiers/{id}/open', { dims: 'rel', phase: 2, expect: (r, l) => A(manages(r, l)), req: (fx, rel) => ({ path: `/api/v1/dossiers/${fx.dossier.planned2[rel]}/open`, json: {} }) });
rule('POST /api/v1/dossiers/{id}/documents', { dims: 'rel', phase: 2, expect: (r, l) => A(manages(r, l)), req: (fx, rel) => ({ path: `/api/v1/dossiers/${fx.dossier.open2[rel]}/documents`, json: { doc_kind: 'in', doc_id: fx.in[rel].none } }) });
rule('POST /api/v1/dossiers/{id}/close', { dims: 'rel', phase: 3, expect: (r, l) => A(manages(r, l)), req: (fx, rel) => ({ path: `/api/v1/dossiers/${fx.dossier.open2[rel]}/close`, json: {} }) });

// Registers (the legal books): the incoming books of a unit (unit_id) to anyone with that unit
// in scope, their rows following document visibility; the outgoing book has no unit parameter
// and lists what the caller may see. The leaders' dashboard: leaders and clerks.
for (const p of ['/registers/incoming', '/registers/followup', '/api/v1/registers/incoming', '/api/v1/registers/followup'])
  rule(`GET ${p}`, { dims: 'rel', expect: (r, l) => A(inScope(r, l)), req: (fx, rel) => ({ path: `${p}?unit_id=${fx.unit[rel]}` }) });
for (const p of ['/registers/outgoing', '/api/v1/registers/outgoing']) rule(`GET ${p}`, { expect: anyone });
// The dashboard: leaders and clerks, and unit accounts, which stand for a ward's standing
// board where it has no leader account of its own (dashboard.h).
rule('GET /reports', { expect: (role) => A(role === 'clerk' || role === 'unit' || isLeader(role)) });
rule('GET /api/v1/reports/incoming', { expect: (role) => A(role === 'clerk' || role === 'unit' || isLeader(role)) });

// Search: everyone searches what they may see; the index state of a document they may see;
// re-indexing by admins, clerks and office-leaders who may see it.
const mayReindex = (role) => role === 'admin' || role === 'clerk' || role === 'office-leader';
rule('GET /search', { expect: anyone, req: () => ({ path: '/search?q=matrix' }) });
rule('GET /search/status', { expect: (role) => A(mayReindex(role)) });
rule('GET /api/v1/search', { expect: anyone, req: () => ({ path: '/api/v1/search?q=matrix' }) });
for (const kind of ['in', 'out']) {
  const see = kind === 'in' ? seeIn : seeOut;
  const ids = (fx, rel, sec) => (kind === 'in' ? fx.in[rel][sec] : fx.out.issued[rel][sec]);
  const variants = (R['GET /api/v1/search/state/{kind}/{id}'] ||= { phase: 0, dims: 'doc', variants: [] }).variants;
  variants.push({ name: kind, expect: (r, l, s) => A(see(r, l, s)), req: (fx, rel, sec) => ({ path: `/api/v1/search/state/${kind}/${ids(fx, rel, sec)}` }) });
  for (const p of ['/api/v1/search/reindex', '/search/reindex']) {
    const v = (R[`POST ${p}/{kind}/{id}`] ||= { phase: 1, dims: 'doc', variants: [] }).variants;
    v.push({ name: kind, expect: (r, l, s) => A(mayReindex(r) && see(r, l, s)), req: (fx, rel, sec) => ({ path: `${p}/${kind}/${ids(fx, rel, sec)}`, ...(p.startsWith('/api') ? { json: {} } : { form: {} }) }) });
  }
}

function inForm(fx, rel, tag) {
  return { unit_id: fx.unit[rel], issuer_name: 'Ban Thử nghiệm', code: `${++fx.seq}-CV/MX`, doc_type: 'cong_van', issued_date: fx.today, subject: `Văn bản thử ${tag}`, secrecy: 'none', urgency: 'normal' };
}

// ---- workdays ----
// The working-day calendar and the rule values: the administrator edits; the administrator and
// the office leader (who answers for the office's deadlines) view the pages; every signed-in
// account reads them through the API (deadlines everywhere are counted with them). A day is
// set in phase 1 and removed in phase 2, so the administrator's removal finds it.
const wdAdmins = only('admin');
rule('GET /admin/workdays', { expect: only('admin', 'office-leader') });
rule('POST /admin/workdays', { expect: wdAdmins, req: () => ({ form: { date: '2030-06-03', kind: 'holiday', name: 'Ngày thử ma trận', source: 'thử' } }) });
rule('POST /admin/workdays/seed', { expect: wdAdmins, req: () => ({ form: { year: '2031' } }) });
rule('POST /admin/workdays/{date}/delete', { phase: 2, expect: wdAdmins, req: () => ({ path: '/admin/workdays/2030-06-03/delete', form: {} }) });
rule('GET /admin/rules', { expect: only('admin', 'office-leader') });
rule('POST /admin/rules', { expect: wdAdmins, req: () => ({ form: { key: 'incoming.route_working_days', value: '1', effective_from: '2030-01-01' } }) });
rule('GET /api/v1/workdays', { expect: anyone, req: () => ({ path: '/api/v1/workdays?from=2026-09-01&to=2026-09-30' }) });
rule('GET /api/v1/workdays/next', { expect: anyone, req: () => ({ path: '/api/v1/workdays/next?date=2026-09-02&add=1' }) });
rule('POST /api/v1/workdays', { expect: wdAdmins, req: () => ({ json: { date: '2030-06-04', kind: 'off', name: 'Nghỉ thử ma trận' } }) });
rule('POST /api/v1/workdays/{date}/delete', { phase: 2, expect: wdAdmins, req: () => ({ path: '/api/v1/workdays/2030-06-04/delete', json: {} }) });
rule('GET /api/v1/rules', { expect: anyone });
rule('POST /api/v1/rules', { expect: wdAdmins, req: () => ({ json: { key: 'incoming.route_working_days', value: 1, effective_from: '2030-01-01' } }) });
// ---- programmes ----
// Work programmes (src/programmes/programmes.h). The demo's programme 1 is the city's (Thành ủy
// Cần Thơ, the actors' parent) BTV annual programme; its item 10 is led by Đảng ủy phường Bình
// Thủy (the actors' own unit), item 1 by the city office. Read: whoever has the programme's
// unit in scope (admin: all) or is its office; a lead unit's own accounts (and whoever has the
// unit in scope) see its items. Draft: the office staff (clerk, specialist, office-leader) of
// the owning committee only; submit: its office-leader; approve: committee-leader in scope; a
// lead unit's accounts mark their item "in preparation" (item 10 is adopted: 409, still past
// authorization). Admin drafts and approves nothing.
const progOffice = (role) => role === 'clerk' || role === 'specialist' || role === 'office-leader';
const progLeadMember = (role) => role === 'committee-leader' || role === 'clerk' || role === 'specialist' || role === 'unit';
for (const p of ['/programmes', '/programmes/lead', '/programmes/overdue', '/api/v1/programmes', '/api/v1/programmes/lead', '/api/v1/programmes/overdue', '/api/v1/programmes/bodies'])
  rule(`GET ${p}`, { expect: anyone });
for (const p of ['/programmes/1', '/programmes/1/xlsx', '/api/v1/programmes/1'])
  rule(`GET ${p.replace('/1', '/{id}')}`, { expect: only('admin'), req: () => ({ path: p }) });
rule('GET /programmes/items/{id}', { variants: [
  { name: 'own lead', expect: anyone, req: () => ({ path: '/programmes/items/10' }) },
  { name: 'city item', expect: only('admin'), req: () => ({ path: '/programmes/items/1' }) }] });
rule('GET /api/v1/programmes/items/{id}', { variants: [
  { name: 'own lead', expect: anyone, req: () => ({ path: '/api/v1/programmes/items/10' }) },
  { name: 'city item', expect: only('admin'), req: () => ({ path: '/api/v1/programmes/items/1' }) }] });
rule('POST /programmes', { dims: 'rel', expect: (r, l) => A(progOffice(r) && l === 'own'), req: (fx, rel) => ({ form: { unit_id: String(fx.unit[rel]), body: 'BTV', kind: 'NAM', year: String(fx.year), period: '0' } }) });
rule('POST /api/v1/programmes', { dims: 'rel', expect: (r, l) => A(progOffice(r) && l === 'own'), req: (fx, rel) => ({ json: { unit_id: fx.unit[rel], body: 'BCH', kind: 'NAM', year: fx.year } }) });
const progItem = (fx) => ({ title: 'Nội dung thử', doc_form: 'BC', deciding_body: 'BTV', lead_unit_id: fx.unit.own });
rule('POST /programmes/{id}/items', { expect: () => 'refused', req: (fx) => ({ path: '/programmes/1/items', form: { ...progItem(fx), lead_unit_id: String(fx.unit.own) } }) });
rule('POST /api/v1/programmes/{id}/items', { expect: () => 'refused', req: (fx) => ({ path: '/api/v1/programmes/1/items', json: progItem(fx) }) });
for (const act of ['submit', 'approve', 'issue', 'revise', 'return']) {
  rule(`POST /programmes/{id}/${act}`, { phase: 2, expect: () => 'refused', req: () => ({ path: `/programmes/1/${act}`, form: {} }) });
  rule(`POST /api/v1/programmes/{id}/${act}`, { phase: 2, expect: () => 'refused', req: () => ({ path: `/api/v1/programmes/1/${act}`, json: {} }) });
}
rule('POST /programmes/{id}/derive', { phase: 2, expect: () => 'refused', req: () => ({ path: '/programmes/1/derive', form: { kind: 'QUY', period: '1', item_ids: '20' } }) });
rule('POST /api/v1/programmes/{id}/derive', { phase: 2, expect: () => 'refused', req: () => ({ path: '/api/v1/programmes/1/derive', json: { kind: 'QUY', period: 1, item_ids: [20] } }) });
rule('POST /programmes/items/{id}/status', { phase: 2, expect: (r) => A(progLeadMember(r)), req: () => ({ path: '/programmes/items/10/status', form: { status: 'DANG_CHUAN_BI' } }) });
rule('POST /api/v1/programmes/items/{id}/status', { phase: 2, expect: (r) => A(progLeadMember(r)), req: () => ({ path: '/api/v1/programmes/items/10/status', json: { status: 'DANG_CHUAN_BI' } }) });
rule('POST /programmes/items/{id}/carry', { phase: 2, expect: () => 'refused', req: () => ({ path: '/programmes/items/10/carry', form: { target_id: '4' } }) });
// Editing or taking out an item: the office of the owning committee, while a draft (item 1 is
// the city's approved programme: refused for every actor, by role or by state).
rule('POST /programmes/items/{id}/edit', { phase: 2, expect: () => 'refused', req: (fx) => ({ path: '/programmes/items/1/edit', form: { ...progItem(fx), lead_unit_id: String(fx.unit.own) } }) });
rule('POST /api/v1/programmes/items/{id}/edit', { phase: 2, expect: () => 'refused', req: (fx) => ({ path: '/api/v1/programmes/items/1/edit', json: progItem(fx) }) });
rule('POST /programmes/items/{id}/delete', { phase: 2, expect: () => 'refused', req: () => ({ path: '/programmes/items/1/delete', form: {} }) });
rule('POST /api/v1/programmes/items/{id}/delete', { phase: 2, expect: () => 'refused', req: () => ({ path: '/api/v1/programmes/items/1/delete', json: {} }) });
rule('POST /api/v1/programmes/items/{id}/carry', { phase: 2, expect: () => 'refused', req: () => ({ path: '/api/v1/programmes/items/10/carry', json: { target_id: 4 } }) });
// ---- conferences ----
// The demo's conferences, seen from the Bình Thủy accounts (demo/demo_conferences.c creates
// them first, in this order): 1 the Thành ủy's study conference with Bình Thủy invited (held:
// minutes and conclusion done), 2 a Thành ủy Standing Committee meeting no ward is invited to,
// 3 Bình Thủy's own conference (upcoming). Seen by whoever has the organiser's unit or an invited
// unit in scope (admin: every unit); managed by clerks, specialists and leaders with the
// organiser's unit in scope; answered (attendance and the study report too) for an invited
// unit by anyone but admin and specialists with that unit in scope. Materials of the demo are
// paper ones: no file to download, 404 for everyone.
const CONF = { invited: 1, foreign: 2, own: 3 };
const confManager = (role) => ['clerk', 'specialist', 'office-leader', 'committee-leader'].includes(role);
const confSee = (v) => (role) => A(role === 'admin' || v !== 'foreign');
const confManage = (v) => (role) => A(v === 'own' && confManager(role));
const confAnswer = (v) => (role) => A(v === 'invited' && (role === 'clerk' || role === 'unit' || isLeader(role)));
const confVariants = (names, expect, req) => ({ variants: names.map((v) => ({ name: v, expect: expect(v), req: (fx, rel, sec, role) => req(CONF[v], fx, role) })) });
const bt = (fx) => fx.unit.own;
rule('GET /conferences', { expect: anyone });
rule('GET /conferences/new', { expect: (role) => A(confManager(role)), req: () => ({ path: '/conferences/new?item=5&title=H%E1%BB%99i%20ngh%E1%BB%8B' }) });
rule('POST /conferences', { expect: (role) => A(confManager(role)), req: (fx, rel, sec, role) => ({ form: { title: `Hội nghị thử ${role}`, kind: 'SO_KET', mode: 'TRUC_TIEP', starts_at: `${fx.today} 08:00`, ends_at: `${fx.today} 11:00` } }) });
rule('GET /conferences/{id}', confVariants(['invited', 'foreign', 'own'], confSee, (id) => ({ path: `/conferences/${id}` })));
rule('GET /conferences/{id}/edit', confVariants(['invited', 'foreign', 'own'], confManage, (id) => ({ path: `/conferences/${id}/edit` })));
const confLater = () => new Date(Date.now() + 7 * 3600e3 + 20 * 86400e3).toISOString().slice(0, 10);
const confFields = (role) => ({ title: `Hội nghị quán triệt (sửa bởi ${role})`, kind: 'QUAN_TRIET', mode: 'TRUC_TIEP', starts_at: `${confLater()} 14:00`, ends_at: `${confLater()} 16:30` });
rule('POST /conferences/{id}/edit', { phase: 2, variants: ['invited', 'foreign', 'own'].map((v) => ({ name: v, expect: confManage(v), req: (fx, rel, sec, role) => ({ path: `/conferences/${CONF[v]}/edit`, form: confFields(role) }) })) });
rule('PATCH /api/v1/conferences/{id}', { phase: 2, variants: ['invited', 'foreign', 'own'].map((v) => ({ name: v, expect: confManage(v), req: (fx, rel, sec, role) => ({ path: `/api/v1/conferences/${CONF[v]}`, json: confFields(role) }) })) });
rule('GET /conferences/{id}/materials/{mid}', { expect: () => 'refused', req: () => ({ path: '/conferences/1/materials/1' }) });
for (const [p, api] of [['/conferences', false], ['/api/v1/conferences', true]]) {
  const body = (obj) => (api ? { json: obj } : { form: Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, String(v)])) });
  if (api) {
    rule('GET /api/v1/conferences', { expect: anyone });
    rule('GET /api/v1/conferences/due', { expect: anyone });
    rule('POST /api/v1/conferences', { expect: (role) => A(confManager(role)), req: (fx, rel, sec, role) => ({ json: { title: `Hội nghị thử ${role}`, kind: 'SO_KET', starts_at: `${fx.today} 08:00`, ends_at: `${fx.today} 11:00` } }) });
    for (const sub of ['', '/attendance', '/study-reports'])
      rule(`GET /api/v1/conferences/{id}${sub}`, confVariants(['invited', 'foreign', 'own'], confSee, (id) => ({ path: `/api/v1/conferences/${id}${sub}` })));
  }
  const manageOwn = (sub, obj, phase = 2) => rule(`POST ${p}/{id}/${sub}`, { phase, ...confVariants(['invited', 'foreign', 'own'], confManage, (id, fx) => ({ path: `${p}/${id}/${sub}`, ...body(obj(fx)) })) });
  manageOwn('subjects', (fx) => ({ doc_kind: 'in', doc_id: fx.in.own.none }));
  manageOwn('invitees', (fx) => ({ unit_id: fx.unit.child }));
  manageOwn('endpoints', (fx) => ({ unit_id: fx.unit.child, host: 'Hội trường', expected: 10 }));
  if (!api) manageOwn('materials', () => ({ title: 'Tài liệu thử', secrecy: 'none' }));
  manageOwn('invitation', (fx) => ({ date: fx.today, reason: 'Họp gấp' }));
  manageOwn('checkin', (fx) => ({ unit_id: fx.unit.child }), 3);
  manageOwn('minutes', () => ({}), 3);
  manageOwn('conclusion', () => ({}), 3);
  manageOwn('cancel', () => ({}), 4);
  const answerInvited = (sub, obj) => rule(`POST ${p}/{id}/${sub}`, { phase: 2, ...confVariants(['invited', 'foreign'], confAnswer, (id, fx) => ({ path: `${p}/${id}/${sub}`, ...body(obj(fx)) })) });
  answerInvited('answer', (fx) => ({ unit_id: bt(fx), response: 'attend' }));
  answerInvited('study-report', (fx) => ({ unit_id: bt(fx), members_total: 120, members_attended: 118 }));
  // Attendance: the unit records its own; the organiser too (none of these actors is it).
  answerInvited('attendance', (fx) => ({ unit_id: bt(fx), membership: 120, party_members: 110 }));
}
// ---- schedule ----
// The weekly calendar (lịch công tác tuần) of a committee: its office (clerk, specialist,
// office-leader anchored there) drafts and edits; its office-leader or committee-leader
// publishes; a published week is read by whoever is anchored at the committee or has it in
// scope (inScope); rooms belong to the caller's own calendar; a feed is its owner's alone
// (another's answers 404) and /ical/{token} is public (the token is the credential). The
// fixture: per relation, a published week of that unit's calendar with internal events, drafted
// and published by accounts made for it (no actor is their drafter or publisher).
const drafter = (role) => ['clerk', 'specialist', 'office-leader'].includes(role);
const schedDraft = (r, l) => A(l === 'own' && drafter(r));
const SCHED_DAY = '2027-03-10';
const schedForm = (fx) => ({ day: SCHED_DAY, session: 'sang', start_time: '08:00', end_time: '09:00', content: 'Họp thử ma trận' });
rule('GET /schedule', { expect: anyone });
rule('GET /schedule/new', { expect: (role) => A(drafter(role)) });
rule('POST /schedule', { expect: (role) => A(drafter(role)), req: (fx) => ({ form: schedForm(fx) }) });
rule('GET /schedule/leaders/{id}', { expect: anyone, req: (fx) => ({ path: `/schedule/leaders/${fx.sched.leader}?unit=${fx.unit.own}` }) });
rule('GET /schedule/units/{id}', { expect: anyone, req: (fx) => ({ path: `/schedule/units/${fx.unit.own}?unit=${fx.unit.own}` }) });
rule('GET /schedule/events/{id}', { dims: 'rel', expect: (r, l) => A(inScope(r, l)), req: (fx, rel) => ({ path: `/schedule/events/${fx.sched.ev[rel]}` }) });
rule('GET /schedule/events/{id}/edit', { dims: 'rel', expect: schedDraft, req: (fx, rel) => ({ path: `/schedule/events/${fx.sched.ev[rel]}/edit` }) });
rule('POST /schedule/events/{id}', { dims: 'rel', expect: schedDraft, req: (fx, rel) => ({ path: `/schedule/events/${fx.sched.ev[rel]}`, form: schedForm(fx) }) });
rule('POST /schedule/events/{id}/cancel', { dims: 'rel', phase: 3, expect: schedDraft, req: (fx, rel) => ({ path: `/schedule/events/${fx.sched.evCancel[rel]}/cancel`, form: {} }) });
rule('POST /schedule/weeks/publish', { dims: 'rel', expect: (r, l) => A(l === 'own' && isLeader(r)), req: (fx, rel) => ({ form: { unit_id: fx.unit[rel], week: '2027-W30' } }) });
rule('GET /schedule/rooms', { expect: anyone });
rule('POST /schedule/rooms', { expect: (role) => A(drafter(role)), req: (fx, rel, sec, role) => ({ form: { name: `Phòng họp web ${role}`, capacity: '10' } }) });
rule('GET /schedule/feeds', { expect: anyone });
rule('POST /schedule/feeds', { expect: anyone, req: () => ({ form: { kind: 'person' } }) });
rule('POST /schedule/feeds/{id}/revoke', { expect: () => 'refused', req: (fx) => ({ path: `/schedule/feeds/${fx.sched.feed}/revoke`, form: {} }) });
rule('GET /ical/{token}', { pub: true, req: (fx) => ({ path: fx.sched.feedPath }) });
rule('GET /api/v1/schedule', { expect: anyone });
rule('POST /api/v1/schedule/events', { dims: 'rel', expect: schedDraft, req: (fx, rel) => ({ json: { ...schedForm(fx), unit_id: fx.unit[rel] } }) });
rule('GET /api/v1/schedule/events/{id}', { dims: 'rel', expect: (r, l) => A(inScope(r, l)), req: (fx, rel) => ({ path: `/api/v1/schedule/events/${fx.sched.ev[rel]}` }) });
rule('POST /api/v1/schedule/events/{id}', { dims: 'rel', expect: schedDraft, req: (fx, rel) => ({ path: `/api/v1/schedule/events/${fx.sched.ev[rel]}`, json: schedForm(fx) }) });
rule('POST /api/v1/schedule/events/{id}/cancel', { dims: 'rel', phase: 3, expect: schedDraft, req: (fx, rel) => ({ path: `/api/v1/schedule/events/${fx.sched.evCancel2[rel]}/cancel`, json: {} }) });
rule('POST /api/v1/schedule/weeks/publish', { dims: 'rel', expect: (r, l) => A(l === 'own' && isLeader(r)), req: (fx, rel) => ({ json: { unit_id: fx.unit[rel], week: '2027-W31' } }) });
rule('GET /api/v1/schedule/weeks', { expect: anyone });
rule('GET /api/v1/schedule/rooms', { expect: anyone });
rule('POST /api/v1/schedule/rooms', { expect: (role) => A(drafter(role)), req: (fx, rel, sec, role) => ({ json: { name: `Phòng họp API ${role}`, capacity: 10 } }) });
rule('GET /api/v1/schedule/feeds', { expect: anyone });
rule('POST /api/v1/schedule/feeds', { expect: anyone, req: () => ({ json: { kind: 'person' } }) });
rule('POST /api/v1/schedule/feeds/{id}/revoke', { expect: () => 'refused', req: (fx) => ({ path: `/api/v1/schedule/feeds/${fx.sched.feed}/revoke`, json: {} }) });
// The calendar's fixtures are made after the others (buildFixtures is a hoisted function
// binding: wrapped here so that this block stays one piece).
{
  const buildOthers = buildFixtures;
  buildFixtures = async () => {
    await buildOthers();
    fx.sched = { ev: {}, evCancel: {}, evCancel2: {} };
    for (const rel of RELS) {
      userAdd(`mx.sched.c.${rel}`, 'clerk', fx.unit[rel]);
      userAdd(`mx.sched.l.${rel}`, 'committee-leader', fx.unit[rel]);
      const clerk = api(`mx.sched.c.${rel}`);
      const mk = async (content) => (await ok(clerk.post('/api/v1/schedule/events', { json: { day: SCHED_DAY, session: 'chieu', content, visibility: 'internal' } }), `schedule event ${rel}`)).id;
      fx.sched.ev[rel] = await mk(`Làm việc ${rel}`);
      fx.sched.evCancel[rel] = await mk(`Sẽ hủy ${rel}`);
      fx.sched.evCancel2[rel] = await mk(`Sẽ hủy qua API ${rel}`);
      await ok(api(`mx.sched.l.${rel}`).post('/api/v1/schedule/weeks/publish', { json: { week: SCHED_DAY } }), `schedule publish ${rel}`);
    }
    fx.sched.leader = (await ok(api('mx.sched.l.own').get('/api/v1/me'), 'schedule leader')).id;
    const feed = await ok(api('mx.sched.c.own').post('/api/v1/schedule/feeds', { json: { kind: 'unit' } }), 'schedule feed');
    fx.sched.feed = feed.id;
    fx.sched.feedPath = feed.path;
  };
}
// ---- followup ----
// Follow-up tasks (followup.h). Fixtures (fuFixtures, called at the end of buildFixtures): a task
// per relation, led by that relation's unit — own and child assigned by Bình Thủy's own
// committee (thuongtruc.bt), parent, sibling and other by the city office (vanthu); an
// extension request on own (donvi) and child (canbo.child); a progress file and a completion
// file on own. Seen: the assigning office's unit or the lead unit in scope. Report (progress,
// completion, extension): accounts of the lead unit. Confirm, send back: the assigning office's
// roles with its unit in scope, not the lead unit itself; cancel: its leaders; extensions: the
// committee-leader among them (rule followup.extend_role). Assign: every role but admin and unit.
const fuAssigner = (role) => ['committee-leader', 'office-leader', 'clerk', 'specialist'].includes(role);
const fuSee = (role, rel) => role === 'admin' || inScope(role, rel) || ((rel === 'own' || rel === 'child') && inScope(role, 'own'));
const fuLead = (role, rel) => rel === 'own' && ['committee-leader', 'clerk', 'specialist', 'unit'].includes(role);
const fuManage = (role, rel) => fuAssigner(role) && (rel === 'child' || (rel === 'own' && role === 'office-leader'));
async function fuFixtures() {
  fx.fu = { task: {}, ext: {}, evt: {} };
  const make = async (login, rel) => {
    const body = { source_title: `Kết luận ma trận ${rel}`, items: [{ content: `Nhiệm vụ ma trận ${rel}`, lead_unit_id: fx.unit[rel], due_date: '2099-06-01' }] };
    let r = await api(login).post('/api/v1/followup', { json: body });
    if (r.status === 422 && r.json().error.suggestion) {
      body.items[0].due_date = r.json().error.suggestion;
      r = await api(login).post('/api/v1/followup', { json: body });
    }
    if (r.status !== 201) throw new Error(`followup ${rel}: ${r.status} ${r.text.slice(0, 300)}`);
    return r.json().ids[0];
  };
  for (const rel of RELS) fx.fu.task[rel] = await make(rel === 'own' || rel === 'child' ? 'thuongtruc.bt' : 'vanthu', rel);
  for (const [rel, login] of [['own', 'donvi'], ['child', 'canbo.child']])
    fx.fu.ext[rel] = (await ok(api(login).post(`/api/v1/followup/${fx.fu.task[rel]}/extend`, { json: { new_due: '2099-12-01', reason: 'Ma trận' } }).then(async (r) => {
      if (r.status === 422 && r.json().error.suggestion) return api(login).post(`/api/v1/followup/${fx.fu.task[rel]}/extend`, { json: { new_due: r.json().error.suggestion, reason: 'Ma trận' } });
      return r;
    }), `extend ${rel}`)).id;
  const w = await srv.as('donvi');
  const id = fx.fu.task.own;
  const csrf = (await w.get(`/followup/${id}`)).text.match(/name="csrf" value="([^"]+)"/)[1];
  const send = async (action, extra) => {
    const fd = multipart();
    fd.append('csrf', csrf);
    for (const [k, v] of Object.entries(extra)) fd.append(k, v);
    const r = await w.request('POST', `/followup/${id}/${action}`, { body: fd });
    if (r.status !== 303) throw new Error(`followup ${action}: ${r.status}`);
  };
  await send('progress', { note: 'Tiến độ ma trận' });
  await send('complete', { doc_date: fx.today });
  const t = await ok(api('donvi').get(`/api/v1/followup/${id}`), 'followup task');
  fx.fu.evt.own = t.events.find((e) => e.filename).id;
}
rule('GET /followup', { expect: anyone });
rule('GET /followup/report', { expect: anyone });
rule('GET /followup/overdue', { expect: anyone });
rule('GET /followup/new', { expect: (r) => A(fuAssigner(r)) });
rule('POST /followup/new', { expect: (r) => A(fuAssigner(r)), req: () => ({ form: {} }) });
rule('GET /api/v1/followup', { expect: anyone });
rule('GET /api/v1/followup/report', { expect: anyone });
rule('POST /api/v1/followup', { expect: (r) => A(fuAssigner(r)), req: () => ({ json: {} }) });
for (const api_ of [false, true]) {
  const pre = api_ ? '/api/v1/followup' : '/followup';
  const body = api_ ? { json: {} } : { form: {} };
  rule(`GET ${pre}/{id}`, { dims: 'rel', expect: (r, l) => A(fuSee(r, l)), req: (f, rel) => ({ path: `${pre}/${f.fu.task[rel]}` }) });
  for (const action of ['progress', 'complete', 'extend'])
    rule(`POST ${pre}/{id}/${action}`, { dims: 'rel', expect: (r, l) => A(fuLead(r, l)), req: (f, rel) => ({ path: `${pre}/${f.fu.task[rel]}/${action}`, ...body }) });
  for (const action of ['confirm', 'return'])
    rule(`POST ${pre}/{id}/${action}`, { dims: 'rel', phase: 2, expect: (r, l) => A(fuManage(r, l)), req: (f, rel) => ({ path: `${pre}/${f.fu.task[rel]}/${action}`, ...body }) });
  rule(`POST ${pre}/{id}/cancel`, { dims: 'rel', phase: 3, expect: (r, l) => A(fuManage(r, l) && isLeader(r)), req: (f, rel) => ({ path: `${pre}/${f.fu.task[rel]}/cancel`, ...body }) });
  rule(`POST ${pre}/extensions/{id}/decide`, { dims: 'rel', phase: 2, expect: (r, l) => A(fuManage(r, l) && r === 'committee-leader'), req: (f, rel) => ({ path: `${pre}/extensions/${f.fu.ext[rel]}/decide`, ...(api_ ? { json: { decision: 'refuse' } } : { form: { decision: 'refuse' } }) }) });
}
rule('GET /followup/{id}/files/{eid}', { dims: 'rel', expect: (r, l) => A(fuSee(r, l)), req: (f, rel) => ({ path: `/followup/${f.fu.task[rel]}/files/${f.fu.evt[rel]}` }) });
rule('GET /followup/{id}/completion-file', { dims: 'rel', expect: (r, l) => A(fuSee(r, l) && l === 'own'), req: (f, rel) => ({ path: `/followup/${f.fu.task[rel]}/completion-file` }) });
// ---- reporting ----
// The reporting regime (issue 14). Fixtures: the demo's work report type and one of its reports
// of the own ward (Bình Thủy) and of the sibling (Cái Răng), read once through `vanphong http`.
// A report: seen with its unit in scope; filled and submitted by its own unit's accounts (and its
// office, VPĐU); accepted or returned only by the clerk or office-leader of the receiving city
// office — none of the actors. Types are administered by admin; a period is opened by admin (or
// the city office); the synthesis only by the city office. The bulk API answers per row (each row
// refused on its own), so it lets every caller in.
function repFx(fx) {
  if (fx.rep) return fx.rep;
  const tok = tokens.admin ||= token('admin');
  const get = (path) => JSON.parse(srv.http(`GET ${path} HTTP/1.1\nHost: x\nAuthorization: Bearer ${tok}\n\n`).body);
  const type = get('/api/v1/reports/types').items.find((t) => t.code === 'BC_CONG_TAC_XA');
  const one = (unit) => (get(`/api/v1/reports?type_id=${type.id}&unit_id=${unit}&limit=1`).items[0] || {}).id;
  fx.rep = { type: type.id, inst: { own: one(fx.unit.own), sibling: one(fx.unit.sibling) } };
  return fx.rep;
}
const repRels = (r, l) => l === 'own' || l === 'sibling';
const repSee = (r, l) => A(repRels(r, l) && (r === 'admin' || l === 'own'));
const repFill = (r, l) => A(l === 'own' && r !== 'admin');
const repInst = (p) => (fx, rel) => ({ path: p.replace('{id}', repFx(fx).inst[rel]), ...(p.startsWith('/api') ? { json: {} } : { form: {} }) });
rule('GET /reports/periodic', { expect: anyone });
rule('GET /reports/{id}', { dims: 'rel', expect: repSee, req: (fx, rel) => ({ path: `/reports/${repFx(fx).inst[rel]}` }) });
rule('POST /reports/{id}', { dims: 'rel', expect: repFill, req: repInst('/reports/{id}') });
rule('GET /reports/{id}/template.xlsx', { dims: 'rel', expect: repSee, req: (fx, rel) => ({ path: `/reports/${repFx(fx).inst[rel]}/template.xlsx` }) });
rule('POST /reports/{id}/upload', { dims: 'rel', expect: repFill, req: repInst('/reports/{id}/upload') });
rule('POST /api/v1/reports/{id}/upload', { dims: 'rel', expect: repFill, req: (fx, rel) => ({ path: `/api/v1/reports/${repFx(fx).inst[rel]}/upload`, multipart: true }) });
rule('POST /reports/{id}/accept', { dims: 'rel', phase: 2, expect: () => 'refused', req: repInst('/reports/{id}/accept') });
rule('POST /reports/{id}/return', { dims: 'rel', phase: 2, expect: () => 'refused', req: (fx, rel) => ({ path: `/reports/${repFx(fx).inst[rel]}/return`, form: { comment: 'Sửa lại' } }) });
rule('GET /reports/types/{id}', { expect: anyone, req: (fx) => ({ path: `/reports/types/${repFx(fx).type}` }) });
rule('GET /reports/types/{id}/aggregate', { expect: anyone, req: (fx) => ({ path: `/reports/types/${repFx(fx).type}/aggregate` }) });
rule('POST /reports/types/{id}/open', { expect: only('admin'), req: (fx) => ({ path: `/reports/types/${repFx(fx).type}/open`, form: { period: '' } }) });
rule('POST /reports/types/{id}/synthesis', { expect: () => 'refused', req: (fx) => ({ path: `/reports/types/${repFx(fx).type}/synthesis`, form: { period: '2026-01' } }) });
rule('GET /admin/report-types', { expect: only('admin') });
rule('POST /admin/report-types', { expect: only('admin'), req: () => ({ form: { json: '{}' } }) });
rule('GET /admin/report-types/{id}', { expect: only('admin'), req: (fx) => ({ path: `/admin/report-types/${repFx(fx).type}` }) });
rule('POST /admin/report-types/{id}', { expect: only('admin'), req: (fx) => ({ path: `/admin/report-types/${repFx(fx).type}`, form: { json: '{"code": ""}' } }) });
rule('GET /api/v1/reports/types', { expect: anyone });
rule('POST /api/v1/reports/types', { expect: only('admin'), req: () => ({ json: {} }) });
rule('GET /api/v1/reports/types/{id}', { expect: anyone, req: (fx) => ({ path: `/api/v1/reports/types/${repFx(fx).type}` }) });
rule('POST /api/v1/reports/types/{id}', { expect: only('admin'), req: (fx) => ({ path: `/api/v1/reports/types/${repFx(fx).type}`, json: { code: '' } }) });
rule('POST /api/v1/reports/types/{id}/periods', { expect: only('admin'), req: (fx) => ({ path: `/api/v1/reports/types/${repFx(fx).type}/periods`, json: { period: '' } }) });
rule('GET /api/v1/reports/types/{id}/completeness', { expect: anyone, req: (fx) => ({ path: `/api/v1/reports/types/${repFx(fx).type}/completeness` }) });
rule('GET /api/v1/reports/types/{id}/aggregate', { expect: anyone, req: (fx) => ({ path: `/api/v1/reports/types/${repFx(fx).type}/aggregate` }) });
rule('POST /api/v1/reports/types/{id}/synthesis', { expect: () => 'refused', req: (fx) => ({ path: `/api/v1/reports/types/${repFx(fx).type}/synthesis`, json: { period: '2026-01' } }) });
rule('GET /api/v1/reports', { expect: anyone });
rule('POST /api/v1/reports/values', { expect: anyone, req: () => ({ json: { type: 'BC_CONG_TAC_XA', rows: [] } }) });
rule('GET /api/v1/reports/{id}', { dims: 'rel', expect: repSee, req: (fx, rel) => ({ path: `/api/v1/reports/${repFx(fx).inst[rel]}` }) });
rule('POST /api/v1/reports/{id}', { dims: 'rel', expect: repFill, req: repInst('/api/v1/reports/{id}') });
rule('POST /api/v1/reports/{id}/accept', { dims: 'rel', phase: 2, expect: () => 'refused', req: repInst('/api/v1/reports/{id}/accept') });
rule('POST /api/v1/reports/{id}/return', { dims: 'rel', phase: 2, expect: () => 'refused', req: (fx, rel) => ({ path: `/api/v1/reports/${repFx(fx).inst[rel]}/return`, json: { comment: 'Sửa lại' } }) });
// ---- petitions ----
// Citizen reception and petitions (issue 15). A letter is seen by leaders and clerks with its
// unit in scope, by a unit account of its own unit, by a specialist only when assigned to them
// (no actor is), never by admin (who keeps the deadline table). Clerks and leaders register,
// classify, screen, return, transfer and file; leaders assign, accept, extend, record the
// result and close. Fixtures: per relation, letters registered by that unit's clerk (a
// complaint each, so its writer is not a protected denouncer), one carrying a scan; a
// reception head of the own unit with a session. Made after the common fixtures.
const petSee = (role, rel) => A(role === 'unit' ? rel === 'own' : (isLeader(role) || role === 'clerk') && inScope(role, rel));
const petClerkOrLeader = (role, rel) => A((isLeader(role) || role === 'clerk') && inScope(role, rel));
const petLeader = (role, rel) => A(isLeader(role) && inScope(role, rel));
const PET_CLERK = { own: 'vanthu.binhthuy', parent: 'vanthu', child: 'vanthu.child', sibling: 'vanthu.cairang', other: 'vanthu.other' };
const PET_SETS = ['read', 'classify', 'screen', 'ret', 'tr', 'file', 'assign', 'acc', 'scan'];
{
  const common = buildFixtures;
  // eslint-disable-next-line no-func-assign
  buildFixtures = async function withPetitions() {
    await common();
    fx.pet = Object.fromEntries(PET_SETS.map((s) => [s, {}]));
    for (const rel of RELS) {
      for (const set of PET_SETS) {
        const p = await ok(api(PET_CLERK[rel]).post('/api/v1/petitions', { json: { received_on: fx.today, channel: 'direct', matter: `Khiếu nại thử ${set}`, summary: 'Tóm tắt', kind: 'complaint', name: `Công dân ${set} ${rel}` } }), 'petition');
        fx.pet[set][rel] = p.id;
      }
      const clerk = await srv.as(PET_CLERK[rel]);
      const up = await clerk.post(`/petitions/${fx.pet.scan[rel]}/scans`, { body: multipart() });
      if (up.status !== 303) throw new Error(`petition scan: ${up.status}`);
    }
    const head = await ok(api('admin').post('/api/v1/petitions/reception/heads', { json: { unit_id: fx.unit.own, user_id: (await ok(api('thuongtruc.bt').get('/api/v1/me'), 'me')).id, level: 'commune' } }), 'head');
    fx.petHead = head.id;
    fx.petSession = (await ok(api('vanthu.binhthuy').post('/api/v1/petitions/reception/sessions', { json: { head_id: head.id, day: fx.today, kind: 'scheduled' } }), 'session')).id;
  };
}
const petPath = (base, set, verb = '') => (fx, rel) => ({ path: `${base}/${fx.pet[set][rel]}${verb}`, ...(verb ? (base.startsWith('/api') ? { json: {} } : { form: {} }) : {}) });
const petAct = (base, set, verb, body) => (fx, rel) => ({ path: `${base}/${fx.pet[set][rel]}/${verb}`, ...(base.startsWith('/api') ? { json: body(fx, rel) } : { form: body(fx, rel) }) });
rule('GET /petitions', { expect: (role) => A(role !== 'admin') });
rule('POST /petitions', { expect: (role) => A(isLeader(role) || role === 'clerk'), req: (fx) => ({ form: { received_on: fx.today, channel: 'post', matter: 'Đơn thử ma trận', summary: 'Tóm tắt', kind: 'reflection' } }) });
rule('GET /petitions/new', { expect: (role) => A(isLeader(role) || role === 'clerk') });
rule('GET /petitions/rules', { expect: anyone });
rule('POST /petitions/rules', { expect: only('admin'), req: () => ({ form: { stage: 'resolve', kind: 'reflection', party: '*', complexity: '*', remote: '*', days: '15', day_kind: 'working', max_count: '0', effective_from: '2031-01-01', source: 'Thử' } }) });
rule('GET /petitions/report', { expect: anyone });
rule('GET /petitions/{id}', { dims: 'rel', expect: petSee, req: petPath('/petitions', 'read') });
rule('GET /petitions/{id}/scans/{fid}', { dims: 'rel', expect: petSee, req: (fx, rel) => ({ path: `/petitions/${fx.pet.scan[rel]}/scans/1` }) });
for (const base of ['/petitions', '/api/v1/petitions']) {
  rule(`POST ${base}/{id}/classify`, { dims: 'rel', expect: petClerkOrLeader, req: petAct(base, 'classify', 'classify', () => ({ kind: 'complaint', complexity: 'complex' })) });
  rule(`POST ${base}/{id}/screen`, { dims: 'rel', expect: petClerkOrLeader, req: petAct(base, 'screen', 'screen', () => ({ screening: 'eligible' })) });
  rule(`POST ${base}/{id}/assign`, { dims: 'rel', expect: petLeader, req: petAct(base, 'assign', 'assign', (fx) => ({ handler_id: fx.person.own })) });
  rule(`POST ${base}/{id}/accept`, { dims: 'rel', phase: 2, expect: petLeader, req: petAct(base, 'acc', 'accept', (fx) => ({ accepted_on: fx.today, decision_no: '1/TB' })) });
  rule(`POST ${base}/{id}/extend`, { dims: 'rel', phase: 3, expect: petLeader, req: petAct(base, 'acc', 'extend', () => ({ decision_no: '2/QĐ', reason: 'Thử' })) });
  rule(`POST ${base}/{id}/result`, { dims: 'rel', phase: 4, expect: petLeader, req: petAct(base, 'acc', 'result', (fx) => ({ result_on: fx.today, result_doc: '3/KL' })) });
  rule(`POST ${base}/{id}/close`, { dims: 'rel', phase: 5, expect: petLeader, req: petAct(base, 'acc', 'close', () => ({})) });
  rule(`POST ${base}/{id}/return`, { dims: 'rel', phase: 2, expect: petClerkOrLeader, req: petAct(base, 'ret', 'return', () => ({ guidance: 'Hướng dẫn gửi đúng nơi' })) });
  rule(`POST ${base}/{id}/transfer`, { dims: 'rel', phase: 2, expect: petClerkOrLeader, req: petAct(base, 'tr', 'transfer', () => ({ transferred_to: 'UBND phường' })) });
  rule(`POST ${base}/{id}/file`, { dims: 'rel', phase: 2, expect: petClerkOrLeader, req: petAct(base, 'file', 'file', () => ({ guidance: 'Lưu đơn' })) });
}
rule('POST /petitions/{id}/scans', { dims: 'rel', expect: petClerkOrLeader, req: (fx, rel) => ({ path: `/petitions/${fx.pet.read[rel]}/scans`, multipart: true }) });
rule('GET /reception', { expect: anyone });
rule('GET /reception/register', { expect: anyone });
for (const [page, api] of [['/reception', '/api/v1/petitions/reception']]) {
  const body = (p, o) => (p.startsWith('/api') ? { json: o } : { form: o });
  rule(`POST ${page}/heads`, { expect: only('admin', 'committee-leader'), req: (fx, rel, sec, role) => ({ ...body(page, { unit_id: fx.unit.own, user_id: fx.person.own, level: 'commune' }) }) });
  rule(`POST ${api}/heads`, { expect: only('admin', 'committee-leader'), req: (fx) => ({ ...body(api, { unit_id: fx.unit.own, user_id: fx.person.child, level: 'commune' }) }) });
  for (const p of [page, api]) {
    rule(`POST ${p}/sessions`, { expect: (role) => A(isLeader(role) || role === 'clerk'), req: (fx) => body(p, { head_id: fx.petHead, day: fx.today, kind: 'scheduled' }) });
    rule(`POST ${p}/sessions/{id}/held`, { expect: (role) => A(isLeader(role) || role === 'clerk'), req: (fx) => ({ path: `${p}/sessions/${fx.petSession}/held`, ...body(p, {}) }) });
    rule(`POST ${p}/delegations`, { expect: (role) => A(isLeader(role)), req: (fx) => body(p, { head_id: fx.petHead, delegate_id: fx.person.own, date_from: fx.today, date_to: fx.today, decision: '1-GUQ' }) });
    rule(`POST ${p}/entries`, { expect: (role) => A(role !== 'admin' && role !== 'unit'), req: (fx) => body(p, { day: fx.today, reception_kind: 'regular', content: 'Phản ánh thử', kind: 'reflection', handling: 'return', name: 'Công dân thử' }) });
  }
}
rule('GET /api/v1/petitions', { expect: (role) => A(role !== 'admin') });
rule('POST /api/v1/petitions', { expect: (role) => A(isLeader(role) || role === 'clerk'), req: (fx) => ({ json: { received_on: fx.today, channel: 'post', matter: 'Đơn thử API', summary: 'Tóm tắt', kind: 'recommendation' } }) });
rule('GET /api/v1/petitions/rules', { expect: anyone });
rule('POST /api/v1/petitions/rules', { expect: only('admin'), req: () => ({ json: { stage: 'resolve', kind: 'reflection', days: 15, day_kind: 'working', effective_from: '2031-01-01', source: 'Thử' } }) });
rule('GET /api/v1/petitions/report', { expect: anyone });
rule('GET /api/v1/petitions/reception', { expect: anyone });
rule('GET /api/v1/petitions/reception/register', { expect: anyone });
rule('GET /api/v1/petitions/{id}', { dims: 'rel', expect: petSee, req: petPath('/api/v1/petitions', 'read') });
rule('GET /api/v1/petitions/{id}/identity', { dims: 'rel', expect: petSee, req: (fx, rel) => ({ path: `/api/v1/petitions/${fx.pet.read[rel]}/identity` }) });

// ---- facilities ----
// Assets and bookings of a committee (facilities.h): read by whoever is anchored at it or has it
// in scope (inScope); assets managed (create, edit, hand over, dispose) by its office-leader,
// clerk and unit account (a ward's own office), and by admin everywhere; bookings made by those
// and its specialists, in the caller's own committee's rooms and cars; cancelled by the booker
// or a manager. Fixtures (facFixtures, called at the end of buildFixtures): per relation a clerk
// made for it (no actor) with a room, an asset handed over and a booking of the room.
const facManager = (role) => ['admin', 'office-leader', 'clerk', 'unit'].includes(role);
const facBooker = (role) => facManager(role) || role === 'specialist';
const facManage = (r, l) => A(r === 'admin' || (l === 'own' && facManager(r)));
async function facFixtures() {
  fx.fac = { asset: {}, ho: {}, bk: {} };
  for (const rel of RELS) {
    userAdd(`mx.fac.c.${rel}`, 'clerk', fx.unit[rel]);
    const clerk = api(`mx.fac.c.${rel}`);
    const me = await ok(clerk.get('/api/v1/me'), `facilities clerk ${rel}`);
    const room = await ok(clerk.post('/api/v1/schedule/rooms', { json: { name: `Phòng họp ma trận ${rel}`, capacity: 10 } }), `facilities room ${rel}`);
    fx.fac.asset[rel] = (await ok(clerk.post('/api/v1/facilities/assets', { json: { code: `MX-${rel}`, name: `Tài sản ma trận ${rel}`, value: 1000000 } }), `facilities asset ${rel}`)).id;
    fx.fac.ho[rel] = (await ok(clerk.post(`/api/v1/facilities/assets/${fx.fac.asset[rel]}/handovers`, { json: { to_user_id: me.id, handed_on: '2026-01-05', condition: 'Tốt' } }), `facilities hand-over ${rel}`)).id;
    fx.fac.bk[rel] = (await ok(clerk.post('/api/v1/facilities/bookings', { json: { room_id: room.id, starts_at: '2027-04-06 08:00', ends_at: '2027-04-06 10:00', purpose: `Họp ma trận ${rel}` } }), `facilities booking ${rel}`)).id;
  }
}
rule('GET /facilities', { expect: anyone });
rule('GET /facilities/assets/new', { expect: (r) => A(facManager(r)) });
rule('POST /facilities/assets', { expect: (r) => A(facManager(r)), req: () => ({ form: {} }) });
rule('GET /facilities/bookings', { expect: anyone });
rule('GET /facilities/bookings/new', { expect: (r) => A(facBooker(r)) });
rule('POST /facilities/bookings', { expect: (r) => A(facBooker(r)), req: () => ({ form: {} }) });
rule('GET /api/v1/facilities/assets', { expect: anyone });
rule('POST /api/v1/facilities/assets', { expect: (r) => A(facManager(r)), req: () => ({ json: {} }) });
rule('GET /api/v1/facilities/bookings', { expect: anyone });
rule('POST /api/v1/facilities/bookings', { expect: (r) => A(facBooker(r)), req: () => ({ json: {} }) });
for (const api_ of [false, true]) {
  const pre = api_ ? '/api/v1/facilities' : '/facilities';
  const body = api_ ? { json: {} } : { form: {} };
  rule(`GET ${pre}/assets/{id}`, { dims: 'rel', expect: (r, l) => A(inScope(r, l)), req: (f, rel) => ({ path: `${pre}/assets/${f.fac.asset[rel]}` }) });
  rule(`POST ${pre}/assets/{id}/handovers`, { dims: 'rel', expect: facManage, req: (f, rel) => ({ path: `${pre}/assets/${f.fac.asset[rel]}/handovers`, ...body }) });
  rule(`POST ${pre}/assets/{id}/dispose`, { dims: 'rel', expect: facManage, req: (f, rel) => ({ path: `${pre}/assets/${f.fac.asset[rel]}/dispose`, ...body }) });
  rule(`POST ${pre}/bookings/{id}/cancel`, { dims: 'rel', phase: 3, expect: facManage, req: (f, rel) => ({ path: `${pre}/bookings/${f.fac.bk[rel]}/cancel`, ...body }) });
}
rule('POST /api/v1/facilities/assets/{id}', { dims: 'rel', expect: facManage, req: (f, rel) => ({ path: `/api/v1/facilities/assets/${f.fac.asset[rel]}`, json: {} }) });
rule('GET /api/v1/facilities/bookings/{id}', { dims: 'rel', expect: (r, l) => A(inScope(r, l)), req: (f, rel) => ({ path: `/api/v1/facilities/bookings/${f.fac.bk[rel]}` }) });
rule('GET /facilities/handovers/{id}', { dims: 'rel', expect: (r, l) => A(inScope(r, l)), req: (f, rel) => ({ path: `/facilities/handovers/${f.fac.ho[rel]}` }) });

// ---- budget ----
// The Party budget (budget.h). Fixtures (budgetFixtures, called at the end of buildFixtures): a
// draft estimate for 2090 of each relation's unit, drafted by the city clerk (vanthu, whose
// scope holds them all). Seen: the unit in scope. Enter (draft, amounts, spending, revise,
// settle): clerk, specialist, office-leader with it in scope; the decision: clerk and
// office-leader; submit: office-leader in scope, or the organisation's own committee account
// (unit, own); approve: committee-leader in scope. Lists, catalogue, calendar, the report of
// one's own tree: anyone signed in.
const budOffice = (role, rel) => ['office-leader', 'clerk', 'specialist'].includes(role) && inScope(role, rel);
async function budgetFixtures() {
  fx.bud = { est: {}, line: 0 };
  const city = api('vanthu');
  fx.bud.line = (await ok(city.get('/api/v1/budget/lines?year=2090'), 'budget lines')).items[0].id;
  for (const rel of RELS)
    fx.bud.est[rel] = (await ok(city.post('/api/v1/budget', { json: { unit_id: fx.unit[rel], year: 2090 } }), `budget ${rel}`)).id;
}
rule('GET /budget', { expect: anyone });
rule('GET /budget/report', { expect: anyone });
rule('GET /api/v1/budget', { expect: anyone });
rule('GET /api/v1/budget/lines', { expect: anyone });
rule('GET /api/v1/budget/calendar', { expect: anyone });
rule('GET /api/v1/budget/report', { expect: anyone });
rule('GET /api/v1/budget/spending', { dims: 'rel', expect: (r, l) => A(inScope(r, l)), req: (f, rel) => ({ path: `/api/v1/budget/spending?unit_id=${f.unit[rel]}&year=2090` }) });
rule('POST /budget', { dims: 'rel', expect: (r, l) => A(budOffice(r, l)), req: (f, rel) => ({ form: { unit_id: String(f.unit[rel]), year: '2091' } }) });
rule('POST /api/v1/budget', { dims: 'rel', expect: (r, l) => A(budOffice(r, l)), req: (f, rel) => ({ json: { unit_id: f.unit[rel], year: 2091 } }) });
rule('POST /budget/settle', { dims: 'rel', expect: (r, l) => A(budOffice(r, l)), req: (f, rel) => ({ form: { unit_id: String(f.unit[rel]), year: '2092' } }) });
rule('POST /api/v1/budget/settle', { dims: 'rel', expect: (r, l) => A(budOffice(r, l)), req: (f, rel) => ({ json: { unit_id: f.unit[rel], year: 2092 } }) });
rule('POST /api/v1/budget/spending', { dims: 'rel', expect: (r, l) => A(budOffice(r, l)), req: (f, rel) => ({ json: { unit_id: f.unit[rel], spent_on: f.today, line_id: f.bud.line, amount: 1000, voucher_no: 'MT-1' } }) });
for (const api_ of [false, true]) {
  const pre = api_ ? '/api/v1/budget' : '/budget';
  const body = api_ ? { json: {} } : { form: {} };
  rule(`GET ${pre}/{id}`, { dims: 'rel', expect: (r, l) => A(inScope(r, l)), req: (f, rel) => ({ path: `${pre}/${f.bud.est[rel]}` }) });
  rule(`POST ${pre}/{id}/amounts`, { dims: 'rel', expect: (r, l) => A(budOffice(r, l)), req: (f, rel) => ({ path: `${pre}/${f.bud.est[rel]}/amounts`, ...body }) });
  rule(`POST ${pre}/{id}/submit`, { dims: 'rel', phase: 2, expect: (r, l) => A((r === 'office-leader' && inScope(r, l)) || (r === 'unit' && l === 'own')), req: (f, rel) => ({ path: `${pre}/${f.bud.est[rel]}/submit`, ...body }) });
  rule(`POST ${pre}/{id}/approve`, { dims: 'rel', phase: 2, expect: (r, l) => A(r === 'committee-leader' && inScope(r, l)), req: (f, rel) => ({ path: `${pre}/${f.bud.est[rel]}/approve`, ...body }) });
  rule(`POST ${pre}/{id}/issue`, { dims: 'rel', phase: 2, expect: (r, l) => A(['clerk', 'office-leader'].includes(r) && inScope(r, l)), req: (f, rel) => ({ path: `${pre}/${f.bud.est[rel]}/issue`, ...body }) });
  rule(`POST ${pre}/{id}/revise`, { dims: 'rel', phase: 2, expect: (r, l) => A(budOffice(r, l)), req: (f, rel) => ({ path: `${pre}/${f.bud.est[rel]}/revise`, ...body }) });
}
rule('POST /budget/{id}/spending', { dims: 'rel', expect: (r, l) => A(budOffice(r, l)), req: (f, rel) => ({ path: `/budget/${f.bud.est[rel]}/spending`, form: { line_id: String(f.bud.line), amount: '1000', spent_on: '2090-01-05', voucher_no: 'MT-1' } }) });

// ---- awards ----
// Huy hiệu Đảng cases, commendations and training (awards.h, training.h). Fixtures (awFixtures,
// called at the end of buildFixtures): a candidate case of the demo in Bình Thủy (own) and one
// in Ninh Kiều (sibling). Read: the case's unit in scope. Write (create, propose, decide,
// ceremony, the job's button, commendations, training records): admin, office-leader,
// specialist, with the unit in scope; the chi bộ review also the unit account. Empty bodies:
// an allowed caller gets 400/422 and nothing changes. Training rules: the administrator.
const awWriter = (role) => ['admin', 'office-leader', 'specialist'].includes(role);
async function awFixtures() {
  const items = (await ok(api('admin').get('/api/v1/awards/cases?status=candidate'), 'badge cases')).items;
  const pick = (unit) => items.find((b) => b.unit_name === unit)?.id;
  fx.aw = { own: pick('Đảng ủy phường Bình Thủy'), sibling: pick('Đảng ủy phường Ninh Kiều') };
  if (!fx.aw.own || !fx.aw.sibling) throw new Error('awards fixtures: the demo candidates are missing');
}
for (const p of ['/awards', '/awards/commendations', '/training', '/api/v1/awards/cases', '/api/v1/awards/commendations', '/api/v1/training', '/api/v1/training/due'])
  rule(`GET ${p}`, { expect: anyone });
rule('GET /awards/proposal', { expect: anyone, req: () => ({ path: '/awards/proposal?occasion=2027-02-03&form=4' }) });
for (const pre of ['/awards/cases', '/api/v1/awards/cases']) {
  rule(`GET ${pre}/{id}`, { variants: [
    { name: 'own', expect: anyone, req: (f) => ({ path: `${pre}/${f.aw.own}` }) },
    { name: 'sibling', expect: only('admin'), req: (f) => ({ path: `${pre}/${f.aw.sibling}` }) }] });
}
rule('POST /awards/sweep', { expect: (r) => A(awWriter(r)), req: () => ({ form: {} }) });
rule('POST /api/v1/awards/sweep', { expect: (r) => A(awWriter(r)), req: () => ({ json: {} }) });
rule('POST /awards/cases', { expect: (r) => A(awWriter(r)), req: () => ({ form: {} }) });
rule('POST /api/v1/awards/cases', { expect: (r) => A(awWriter(r)), req: () => ({ json: {} }) });
rule('POST /awards/cases/{id}/{step}', { variants: [
  { name: 'own review', expect: (r) => A(awWriter(r) || r === 'unit'), req: (f) => ({ path: `/awards/cases/${f.aw.own}/review`, form: {} }) },
  { name: 'own decide', expect: (r) => A(awWriter(r)), req: (f) => ({ path: `/awards/cases/${f.aw.own}/decide`, form: {} }) },
  { name: 'sibling review', expect: only('admin'), req: (f) => ({ path: `/awards/cases/${f.aw.sibling}/review`, form: {} }) }] });
for (const step of ['review', 'propose', 'decide', 'ceremony']) {
  rule(`POST /api/v1/awards/cases/{id}/${step}`, { variants: [
    { name: 'own', expect: (r) => A(awWriter(r) || (step === 'review' && r === 'unit')), req: (f) => ({ path: `/api/v1/awards/cases/${f.aw.own}/${step}`, json: {} }) },
    { name: 'sibling', expect: only('admin'), req: (f) => ({ path: `/api/v1/awards/cases/${f.aw.sibling}/${step}`, json: {} }) }] });
}
rule('POST /api/v1/awards/disciplines', { expect: (r) => A(awWriter(r)), req: () => ({ json: {} }) });
rule('POST /awards/commendations', { expect: (r) => A(awWriter(r)), req: () => ({ form: {} }) });
rule('POST /api/v1/awards/commendations', { expect: (r) => A(awWriter(r)), req: () => ({ json: {} }) });
rule('POST /training', { expect: (r) => A(awWriter(r)), req: () => ({ form: {} }) });
rule('POST /api/v1/training', { expect: (r) => A(awWriter(r)), req: () => ({ json: {} }) });
rule('POST /api/v1/training/requirements', { expect: only('admin'), req: () => ({ json: {} }) });
// ---- report sources ----
// The prefill of a report from another module's figures (reporting wired to petitions and
// conferences): only the report's own unit's accounts, as for filling it (repFill) — the
// reviewing office is 403, a report out of scope 404. The work report's form names no source,
// so an allowed caller hears 422 on "source"; nothing is written either way.
rule('POST /api/v1/reports/{id}/prefill', { dims: 'rel', expect: repFill, req: (fx, rel) => ({ path: `/api/v1/reports/${repFx(fx).inst[rel]}/prefill`, json: { source: 'petitions' } }) });

// ---- archives ----
// The archive (archives.h). The archivist is the clerk or office-leader of the committee office
// whose scope reaches the root: none of the acting (ward) accounts is one, so every archivist
// act (accept, holds, disposal, grants, the retention catalogue, the candidates list, export) is
// refused to all of them, admin included; the head's decision is the root committee-leader's.
// Fixtures (wrapped like schedule's): per relation a dossier opened, closed and put in a
// hand-over batch by the city clerk (vanthu, an archivist). Batches and their minutes: seen with
// the unit in scope. Preparing a batch of a unit's closed dossiers: its clerk and leaders in
// scope (the fixture dossier is already in a batch: 409, still 'allow'). Approving a scan: leaders
// for a document they may see (an unclassified one: 409, 'allow').
{
  const buildOthers = buildFixtures;
  buildFixtures = async () => {
    await buildOthers();
    fx.ar = { dossier: {}, batch: {} };
    const city = api('vanthu');
    for (const rel of RELS) {
      const d = await ok(city.post('/api/v1/dossiers', { json: { heading_id: fx.heading[rel], title: `Hồ sơ lưu trữ ${rel}`, retention_years: 10 } }), `ar dossier ${rel}`);
      await ok(city.post(`/api/v1/dossiers/${d.id}/open`, { json: {} }), `ar open ${rel}`);
      await ok(city.post(`/api/v1/dossiers/${d.id}/close`, { json: {} }), `ar close ${rel}`);
      fx.ar.dossier[rel] = d.id;
      fx.ar.batch[rel] = (await ok(city.post('/api/v1/archives/batches', { json: { dossier_ids: [d.id] } }), `ar batch ${rel}`)).id;
    }
  };
}
const arNobody = () => 'refused';
rule('GET /archives', { expect: anyone });
rule('GET /archives/reading-room', { expect: anyone });
rule('POST /archives/batches', { expect: anyone, req: () => ({ form: {} }) });
rule('GET /archives/batches/{id}', { dims: 'rel', expect: (r, l) => A(inScope(r, l)), req: (f, rel) => ({ path: `/archives/batches/${f.ar.batch[rel]}` }) });
rule('POST /archives/batches/{id}/accept', { dims: 'rel', phase: 2, expect: arNobody, req: (f, rel) => ({ path: `/archives/batches/${f.ar.batch[rel]}/accept`, form: {} }) });
for (const p of ['due', 'historical-due', 'search', 'retention', 'batches']) rule(`GET /api/v1/archives/${p}`, { expect: anyone });
rule('GET /api/v1/archives/disposal-candidates', { expect: arNobody });
rule('GET /api/v1/archives/batches/{id}/minutes', { dims: 'rel', expect: (r, l) => A(inScope(r, l)), req: (f, rel) => ({ path: `/api/v1/archives/batches/${f.ar.batch[rel]}/minutes` }) });
rule('POST /api/v1/archives/batches/{id}/accept', { dims: 'rel', phase: 2, expect: arNobody, req: (f, rel) => ({ path: `/api/v1/archives/batches/${f.ar.batch[rel]}/accept`, json: {} }) });
rule('POST /api/v1/archives/batches', { dims: 'rel', expect: (r, l) => A(manages(r, l)), req: (f, rel) => ({ json: { dossier_ids: [f.ar.dossier[rel]] } }) });
rule('GET /api/v1/archives/dossiers/{id}/export', { dims: 'rel', expect: arNobody, req: (f, rel) => ({ path: `/api/v1/archives/dossiers/${f.ar.dossier[rel]}/export` }) });
rule('POST /api/v1/archives/retention', { expect: arNobody, req: () => ({ json: { scheme: 'X', code: 'ma-tran', heading: 'Ma trận', years: 5, effective_from: '2026-01-01' } }) });
rule('POST /api/v1/archives/headings/{id}/retention', { dims: 'rel', expect: (r, l) => A(manages(r, l)), req: (f, rel) => ({ path: `/api/v1/archives/headings/${f.heading[rel]}/retention`, json: { retention_code: '1.5' } }) });
rule('POST /api/v1/archives/holds', { dims: 'rel', expect: arNobody, req: (f, rel) => ({ json: { dossier_id: f.ar.dossier[rel], reason: 'Ma trận' } }) });
rule('POST /api/v1/archives/holds/{id}/lift', { expect: arNobody, req: () => ({ path: '/api/v1/archives/holds/1/lift', json: { reason: 'Ma trận' } }) });
rule('POST /api/v1/archives/disposals', { expect: arNobody, req: () => ({ json: { dossier_ids: [1], council: [] } }) });
for (const a of ['approve-secret', 'execute']) rule(`POST /api/v1/archives/disposals/{id}/${a}`, { expect: arNobody, req: () => ({ path: `/api/v1/archives/disposals/1/${a}`, json: {} }) });
rule('POST /api/v1/archives/disposals/{id}/decide', { expect: arNobody, req: () => ({ path: '/api/v1/archives/disposals/1/decide', json: { approve: false } }) });
rule('POST /api/v1/archives/access', { expect: anyone, req: () => ({ json: {} }) });
rule('POST /api/v1/archives/access/{id}/decide', { expect: arNobody, req: () => ({ path: '/api/v1/archives/access/1/decide', json: { grant: false } }) });
rule('POST /api/v1/archives/scan-approvals', { dims: 'rel', expect: (r, l) => A(isLeader(r) && inScope(r, l)), req: (f, rel) => ({ json: { doc_kind: 'in', doc_id: f.in[rel].none } }) });

// ---- members / partyfees ----
// Party members and đảng phí (members.h, partyfees.h). Personal data: read by admin,
// committee-leader, office-leader, clerk and unit accounts with the member's unit in scope —
// never by specialists; written by admin, office-leader, clerk and unit accounts in scope; the
// rate tables are edited by the administrator only. Fixtures (wrapped after the others): per
// relation a member (admin creates it), and a second one for the move (moved to its own unit:
// the real move is in tests/http/partyfees.test.mjs).
const pfReader = (role) => ['admin', 'committee-leader', 'office-leader', 'clerk', 'unit'].includes(role);
const pfWriter = (role) => ['admin', 'office-leader', 'clerk', 'unit'].includes(role);
const pfRead = (r, l) => A(pfReader(r) && inScope(r, l));
const pfWrite = (r, l) => A(pfWriter(r) && inScope(r, l));
const pfMember = (fx, rel) => ({ unit_id: String(fx.unit[rel]), full_name: `Đảng viên ma trận ${rel}`, admitted_on: '2001-05-19', fee_category: 'BHXH', fee_basis: '8000000', wage_region: '1' });
{
  const buildOthers2 = buildFixtures;
  buildFixtures = async () => {
    await buildOthers2();
    fx.pf = { m: {}, mv: {} };
    for (const rel of RELS) {
      const body = { unit_id: fx.unit[rel], full_name: `Đảng viên ma trận ${rel}`, admitted_on: '2001-05-19', fee_category: 'BHXH', fee_basis: 8000000 };
      fx.pf.m[rel] = (await ok(api('admin').post('/api/v1/members', { json: body }), `member ${rel}`)).id;
      fx.pf.mv[rel] = (await ok(api('admin').post('/api/v1/members', { json: { ...body, full_name: `Chuyển ma trận ${rel}` } }), `member mv ${rel}`)).id;
    }
  };
}
rule('GET /members', { expect: (r) => A(pfReader(r)) });
rule('GET /members/new', { expect: (r) => A(pfWriter(r)) });
rule('GET /partyfees', { expect: (r) => A(pfReader(r)) });
rule('GET /partyfees/report', { expect: (r) => A(pfReader(r)) });
rule('GET /partyfees/rates', { expect: (r) => A(pfReader(r)) });
rule('GET /partyfees/units/{id}/{month}', { dims: 'rel', expect: (r) => A(pfReader(r)), req: (fx, rel) => ({ path: `/partyfees/units/${fx.unit[rel]}/2026-06` }) });
rule('GET /partyfees/units/{id}/{month}/report', { dims: 'rel', expect: pfRead, req: (fx, rel) => ({ path: `/partyfees/units/${fx.unit[rel]}/2026-06/report` }) });
rule('POST /partyfees/rates', { expect: only('admin'), req: () => ({ form: { kind: 'wage', key: '4', value: '3700000', effective_from: '2099-01-01' } }) });
rule('GET /api/v1/partyfees/rates', { expect: (r) => A(pfReader(r)) });
rule('POST /api/v1/partyfees/rates', { expect: only('admin'), req: () => ({ json: { kind: 'wage', key: '3', value: 4140000, effective_from: '2099-02-01' } }) });
rule('GET /api/v1/members', { dims: 'rel', expect: pfRead, req: (fx, rel) => ({ path: `/api/v1/members?unit=${fx.unit[rel]}` }) });
rule('GET /api/v1/partyfees/sheet', { dims: 'rel', expect: pfRead, req: (fx, rel) => ({ path: `/api/v1/partyfees/sheet?unit=${fx.unit[rel]}&month=2026-06` }) });
rule('GET /api/v1/partyfees/report', { dims: 'rel', expect: pfRead, req: (fx, rel) => ({ path: `/api/v1/partyfees/report?unit=${fx.unit[rel]}&month=2026-06` }) });
for (const api_ of [false, true]) {
  const M = api_ ? '/api/v1/members' : '/members';
  const P = api_ ? '/api/v1/partyfees' : '/partyfees';
  const B = (o) => (api_ ? { json: o } : { form: Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)])) });
  rule(`POST ${M}`, { dims: 'rel', expect: pfWrite, req: (fx, rel) => ({ path: M, ...B(api_ ? { ...pfMember(fx, rel), unit_id: fx.unit[rel], fee_basis: 8000000, wage_region: 1 } : pfMember(fx, rel)) }) });
  rule(`POST ${M}/import`, { dims: 'rel', expect: pfWrite, req: (fx, rel) => ({ path: `${M}/import`, ...B({ unit_id: fx.unit[rel], csv: 'ho_ten,ngay_vao_dang\nNguyễn Văn Nhập,19/05/2001\n' }) }) });
  rule(`GET ${M}/{id}`, { dims: 'rel', expect: pfRead, req: (fx, rel) => ({ path: `${M}/${fx.pf.m[rel]}` }) });
  rule(`POST ${M}/{id}`, { dims: 'rel', expect: pfWrite, req: (fx, rel) => { const b = api_ ? { ...pfMember(fx, rel), fee_basis: 8100000, wage_region: 1 } : pfMember(fx, rel); delete b.unit_id; return { path: `${M}/${fx.pf.m[rel]}`, ...B(b) }; } });
  // to its own unit: refused as "already there" (400) once allowed, so no fixture moves
  rule(`POST ${M}/{id}/move`, { dims: 'rel', phase: 3, expect: pfWrite, req: (fx, rel) => ({ path: `${M}/${fx.pf.mv[rel]}/move`, ...B({ to_unit_id: fx.unit[rel], moved_on: '2026-06-01' }) }) });
  rule(`POST ${P}/${api_ ? 'payments' : 'pay'}`, { dims: 'rel', expect: pfWrite, req: (fx, rel) => ({ path: `${P}/${api_ ? 'payments' : 'pay'}`, ...B({ member_id: fx.pf.m[rel], month: '2026-06', amount: 80000, channel: 'TIEN_MAT', paid_on: '2026-06-05' }) }) });
  rule(`POST ${P}/${api_ ? 'payments/import' : 'import'}`, { dims: 'rel', expect: pfWrite, req: (fx, rel) => ({ path: `${P}/${api_ ? 'payments/import' : 'import'}`, ...B({ csv: `member_id,thang,so_tien,hinh_thuc,ngay_nop\n${fx.pf.m[rel]},2026-07,80000,DVCQG,2026-07-03\n` }) }) });
  rule(`POST ${P}/${api_ ? 'reports' : 'submit'}`, { dims: 'rel', phase: 3, expect: pfWrite, req: (fx, rel) => ({ path: `${P}/${api_ ? 'reports' : 'submit'}`, ...B({ unit_id: fx.unit[rel], month: api_ ? '2026-04' : '2026-05' }) }) });
  rule(`POST ${P}/transfers`, { dims: 'rel', phase: 3, expect: pfWrite, req: (fx, rel) => ({ path: `${P}/transfers`, ...B({ unit_id: fx.unit[rel], month: '2026-03', channel: 'DVCQG' }) }) });
}
rule('GET /partyfees/members/{id}', { dims: 'rel', expect: pfRead, req: (fx, rel) => ({ path: `/partyfees/members/${fx.pf.m[rel]}` }) });
rule('POST /partyfees/members/{id}/exempt', { dims: 'rel', expect: pfWrite, req: (fx, rel) => ({ path: `/partyfees/members/${fx.pf.m[rel]}/exempt`, form: { reduction_pct: '50', from_month: '2026-08', to_month: '2026-09', decision: 'Quyết định ma trận' } }) });
rule('POST /api/v1/partyfees/exemptions', { dims: 'rel', expect: pfWrite, req: (fx, rel) => ({ json: { member_id: fx.pf.m[rel], reduction_pct: 30, from_month: '2026-10', to_month: '2026-11', decision: 'Quyết định ma trận API' } }) });

// ---- archives (disposal pages, decision draft, batch export) ----
// The disposal and hold pages and the new API: the archivist's and the deciding head's only (none
// of the acting accounts is either: refused to all). Case 1 does not exist: 404, refused too.
// A reader's request from the reading room: anyone signed in (an empty form: 400, 'allow').
// The batch export reads archived dossiers only; the fixture batches are not accepted: refused.
rule('GET /archives/disposals', { expect: arNobody });
rule('POST /archives/disposals', { expect: arNobody, req: () => ({ form: {} }) });
rule('GET /archives/disposals/{id}', { expect: arNobody, req: () => ({ path: '/archives/disposals/1' }) });
for (const a of ['approve-secret', 'decision-draft', 'decide', 'execute']) rule(`POST /archives/disposals/{id}/${a}`, { expect: arNobody, req: () => ({ path: `/archives/disposals/1/${a}`, form: {} }) });
rule('POST /archives/holds', { dims: 'rel', expect: arNobody, req: (f, rel) => ({ form: { dossier_id: String(f.ar.dossier[rel]), reason: 'Ma trận' } }) });
rule('GET /archives/access', { expect: arNobody });
rule('POST /archives/access', { expect: anyone, req: () => ({ form: {} }) });
rule('POST /archives/access/{id}/decide', { expect: arNobody, req: () => ({ path: '/archives/access/1/decide', form: { grant: '0' } }) });
rule('GET /api/v1/archives/disposals/{id}', { expect: arNobody, req: () => ({ path: '/api/v1/archives/disposals/1' }) });
rule('POST /api/v1/archives/disposals/{id}/decision-draft', { expect: arNobody, req: () => ({ path: '/api/v1/archives/disposals/1/decision-draft', json: {} }) });
rule('GET /api/v1/archives/batches/{id}/export', { dims: 'rel', expect: arNobody, req: (f, rel) => ({ path: `/api/v1/archives/batches/${f.ar.batch[rel]}/export` }) });

// ---- archives (holds pages, the dossier's archive page, fixity, xlsx) ----
// Holds in force, the dossier's archive page, the fixity runs and the Excel copies of holds and
// tombstones: the archivist's and the deciding leaders' only (none of the acting accounts is
// either: refused to all; a dossier not in the archive answers 404, refused too). The list of
// dossiers due for hand-over as Excel: anyone signed in, each sees its scope (as GET /archives).
for (const p of ['/archives/holds', '/archives/holds.xlsx', '/archives/fixity', '/archives/tombstones.xlsx', '/api/v1/archives/holds', '/api/v1/archives/fixity']) rule(`GET ${p}`, { expect: arNobody });
rule('GET /archives/due.xlsx', { expect: anyone });
rule('GET /archives/dossiers/{id}', { dims: 'rel', expect: arNobody, req: (f, rel) => ({ path: `/archives/dossiers/${f.ar.dossier[rel]}` }) });
rule('GET /api/v1/archives/dossiers/{id}', { dims: 'rel', expect: arNobody, req: (f, rel) => ({ path: `/api/v1/archives/dossiers/${f.ar.dossier[rel]}` }) });
rule('POST /archives/dossiers/{id}/holds', { dims: 'rel', expect: arNobody, req: (f, rel) => ({ path: `/archives/dossiers/${f.ar.dossier[rel]}/holds`, form: { reason: 'Ma trận' } }) });
rule('POST /archives/holds/{id}/lift', { expect: arNobody, req: () => ({ path: '/archives/holds/1/lift', form: { reason: 'Ma trận' } }) });
rule('POST /archives/fixity', { expect: arNobody, req: () => ({ form: {} }) });
rule('POST /api/v1/archives/fixity', { expect: arNobody, req: () => ({ json: {} }) });
// Drafting the destruction minutes of a case: the archivist's only (case 1 does not exist).
rule('POST /archives/disposals/{id}/minutes-draft', { expect: arNobody, req: () => ({ path: '/archives/disposals/1/minutes-draft', form: {} }) });
rule('POST /api/v1/archives/disposals/{id}/minutes-draft', { expect: arNobody, req: () => ({ path: '/api/v1/archives/disposals/1/minutes-draft', json: {} }) });
// ---- budget lines, partyfees reports (admb) ----
// The catalogue of budget lines (budget.h budget_may_manage_lines): read by anyone signed in,
// kept by the administrator and the office leader and clerk of the top committee's office (the
// matrix's actors sit at a ward, so only the administrator). The requests are refused by
// validation for the administrator (empty code, no date): nothing changes.
rule('GET /budget/lines', { expect: anyone });
rule('GET /budget/lines/{id}', { expect: only('admin'), req: () => ({ path: '/budget/lines/1' }) });
rule('POST /budget/lines', { expect: only('admin'), req: () => ({ form: { code: '' } }) });
rule('POST /budget/lines/{id}', { expect: only('admin'), req: () => ({ path: '/budget/lines/1', form: { code: '' } }) });
rule('POST /budget/lines/{id}/retire', { expect: only('admin'), req: () => ({ path: '/budget/lines/1/retire', form: {} }) });
rule('POST /api/v1/budget/lines', { expect: only('admin'), req: () => ({ json: { code: '' } }) });
rule('POST /api/v1/budget/lines/{id}', { expect: only('admin'), req: () => ({ path: '/api/v1/budget/lines/1', json: { code: '' } }) });
rule('POST /api/v1/budget/lines/{id}/retire', { expect: only('admin'), req: () => ({ path: '/api/v1/budget/lines/1/retire', json: {} }) });

// ---- awards and training: page flows (admc) ----
// The badge history of a member (reissue and posthumous forms start there): read like a case,
// the member's unit in scope (own: anyone; another ward: only admin, 404 otherwise). The member
// picker only redirects. The training position rules: anyone reads the list; the administrator
// alone opens a rule, adds, edits and retires (empty bodies: 400/422 for him, nothing changes).
async function admcFixtures() {
  const get = async (id) => ok(api('admin').get(`/api/v1/awards/cases/${id}`), 'badge case');
  fx.admc = { own: (await get(fx.aw.own)).member_id, sibling: (await get(fx.aw.sibling)).member_id };
  const r = await ok(api('admin').post('/api/v1/training/requirements', { json: { position: 'Chức vụ của ma trận quyền', kind: 'it', level: 'Cơ bản', effective_from: '2026-01-01' } }), 'training rule');
  fx.admc.rule = r.id;
}
rule('GET /awards/members/{id}', { variants: [
  { name: 'own', expect: anyone, req: (f) => ({ path: `/awards/members/${f.admc.own}` }) },
  { name: 'sibling', expect: only('admin'), req: (f) => ({ path: `/awards/members/${f.admc.sibling}` }) }] });
rule('GET /awards/member', { expect: anyone, req: (f) => ({ path: `/awards/member?member_id=${f.admc.own}` }) });
rule('GET /training/rules', { expect: anyone });
rule('GET /api/v1/training/requirements', { expect: anyone });
rule('GET /training/rules/{id}', { expect: only('admin'), req: (f) => ({ path: `/training/rules/${f.admc.rule}` }) });
rule('POST /training/rules', { expect: only('admin'), req: () => ({ form: {} }) });
rule('POST /training/rules/{id}', { expect: only('admin'), req: (f) => ({ path: `/training/rules/${f.admc.rule}`, form: {} }) });
rule('POST /training/rules/{id}/retire', { expect: only('admin'), req: (f) => ({ path: `/training/rules/${f.admc.rule}/retire`, form: {} }) });
rule('POST /api/v1/training/requirements/{id}', { expect: only('admin'), req: (f) => ({ path: `/api/v1/training/requirements/${f.admc.rule}`, json: {} }) });
rule('POST /api/v1/training/requirements/{id}/retire', { expect: only('admin'), req: (f) => ({ path: `/api/v1/training/requirements/${f.admc.rule}/retire`, json: {} }) });
// ---- members: status, discipline, xlsx templates (adma) ----
// A member's status changes and discipline: written by whoever may write the member (admin,
// office-leader, clerk, unit accounts with the member's unit in scope), read as the member is;
// a reader without write gets 403, anyone who may not read the member 404. The members are the
// members block's fixtures (fx.pf.m); "abroad" twice answers 409 (allowed, then conflicting).
// The import templates and the transfers history (scoped rows): any members reader.
const msReader = (role) => ['admin', 'committee-leader', 'office-leader', 'clerk', 'unit'].includes(role);
const msWriter = (role) => ['admin', 'office-leader', 'clerk', 'unit'].includes(role);
rule('GET /members/import/template.xlsx', { expect: (r) => A(msReader(r)) });
rule('GET /partyfees/import/template.xlsx', { expect: (r) => A(msReader(r)) });
rule('GET /members/moves', { expect: (r) => A(msReader(r)) });
rule('GET /api/v1/members/{id}/history', { dims: 'rel', expect: (r, l) => A(msReader(r) && inScope(r, l)), req: (fx, rel) => ({ path: `/api/v1/members/${fx.pf.m[rel]}/history` }) });
for (const api_ of [false, true]) {
  const M = api_ ? '/api/v1/members' : '/members';
  const B = (o) => (api_ ? { json: o } : { form: o });
  const w = (r, l) => A(msWriter(r) && inScope(r, l));
  rule(`POST ${M}/{id}/status`, { dims: 'rel', phase: 2, expect: w, req: (fx, rel) => ({ path: `${M}/${fx.pf.m[rel]}/status`, ...B({ kind: 'abroad', happened_on: '2026-01-15', decision_no: 'QĐ ma trận' }) }) });
  rule(`POST ${M}/{id}/${api_ ? 'disciplines' : 'discipline'}`, { dims: 'rel', phase: 2, expect: w, req: (fx, rel) => ({ path: `${M}/${fx.pf.m[rel]}/${api_ ? 'disciplines' : 'discipline'}`, ...B({ form: 'reprimand', decided_on: '2026-01-15', decision_no: 'QĐ ma trận' }) }) });
}
// ---- docgen ----
// The document in the Party layout: the print preview, the PDF/DOCX downloads and the format
// check follow who may see the document (draft and issued, every relation and secrecy; 404
// otherwise). The layout page: admin, office leaders and clerks read it; only the admin changes
// it (page forms and API); the layout as JSON is for anyone signed in.
const dgSee = (r, l, s) => A(seeOut(r, l, s));
rule('GET /outgoing/{id}/print', { dims: 'doc', expect: dgSee, req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.draft[rel][sec]}/print` }) });
rule('GET /outgoing/{id}/document.pdf', { dims: 'doc', expect: dgSee, req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.issued[rel][sec]}/document.pdf` }) });
rule('GET /outgoing/{id}/document.docx', { dims: 'doc', expect: dgSee, req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.draft[rel][sec]}/document.docx` }) });
rule('GET /api/v1/outgoing/{id}/check', { dims: 'doc', expect: dgSee, req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.draft[rel][sec]}/check` }) });
rule('GET /admin/layout', { expect: only('admin', 'office-leader', 'clerk') });
rule('POST /admin/layout', { expect: only('admin'), req: () => ({ form: { element: 'typist', font_pt: '10', align: 'left', effective_from: '2030-01-01' } }) });
rule('POST /admin/layout/page', { expect: only('admin'), req: () => ({ form: { margin_top: '20', margin_bottom: '20', margin_left: '30', margin_right: '15', effective_from: '2030-01-01' } }) });
rule('GET /api/v1/layout', { expect: anyone });
rule('GET /docgen/layout.css', { expect: anyone });
rule('POST /outgoing/{id}/authority', { dims: 'doc', expect: mayEditA, req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.draft[rel][sec]}/authority`, form: { authority: 'auto' } }) });
rule('POST /api/v1/outgoing/{id}/authority', { dims: 'doc', expect: mayEditA, req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.draft[rel][sec]}/authority`, json: { authority: 'auto' } }) });
rule('POST /api/v1/layout', { expect: only('admin'), req: () => ({ json: { element: 'typist', font_pt: 10, effective_from: '2030-01-01' } }) });
// ---- peers ----
// The transport between installations (peers.h). /admin/peers and /api/v1/peers…: the system
// administrator only (the organ id, the peers, suspending one, the outbox, "Kiểm tra kết nối",
// "Gửi lại").
// POST /peer/inbox is public in the router's sense — no session — because it is authenticated by
// the Ed25519 signature of a configured peer, not by a role: a request whose sender is not a
// configured peer is refused (403) whoever sends it, anonymous or signed in with any role (a
// signed-in browser's post is refused earlier too, by the CSRF check of its session).
// Fixtures (peersFixtures): a peer on a loopback port nobody listens on, pinged once, so the
// outbox holds a queued row whose delivery fails (a retry of it answers 409 to the admin).
async function peersFixtures() {
  fx.peers = {};
  const admin = api('admin');
  const pk = (await ok(admin.get('/api/v1/peers'), 'peers')).self.public_key;
  fx.peers.peer = (await ok(admin.post('/api/v1/peers', { json: { name: 'Thành ủy ma trận', organ_id: '000.00.99.M01', base_url: 'http://127.0.0.1:9', public_key: pk } }), 'peer')).id;
  await ok(admin.post(`/api/v1/peers/${fx.peers.peer}/ping`, { json: {} }), 'ping');
  fx.peers.msg = (await ok(admin.get('/api/v1/peers/outbox'), 'outbox')).items[0].id;
}
const peersInboxForm = () => ({ form: { envelope: JSON.stringify({ v: 1, id: '0123456789abcdef0123456789abcdef', from: '000.00.99.X99', to: '000.00.99.M02', kind: 'peers.ping', created: 1, sent: 1, body_sha256: '00', sig: 'AA' }) } });
rule('POST /peer/inbox', { pub: true, expect: () => 'refused', req: peersInboxForm });
rule('GET /admin/peers', { expect: only('admin') });
rule('POST /admin/peers', { expect: only('admin'), req: () => ({ form: {} }) });
rule('POST /admin/peers/self', { expect: only('admin'), req: () => ({ form: {} }) });
rule('POST /admin/peers/{id}/ping', { expect: only('admin'), req: (f) => ({ path: `/admin/peers/${f.peers.peer}/ping`, form: {} }) });
rule('POST /admin/peers/{id}/enabled', { expect: only('admin'), req: (f) => ({ path: `/admin/peers/${f.peers.peer}/enabled`, form: { enabled: '1' } }) });
rule('POST /admin/peers/outbox/{id}/retry', { expect: only('admin'), req: (f) => ({ path: `/admin/peers/outbox/${f.peers.msg}/retry`, form: {} }) });
rule('GET /api/v1/peers', { expect: only('admin') });
rule('POST /api/v1/peers', { expect: only('admin'), req: () => ({ json: {} }) });
rule('POST /api/v1/peers/self', { expect: only('admin'), req: () => ({ json: {} }) });
rule('GET /api/v1/peers/outbox', { expect: only('admin') });
rule('POST /api/v1/peers/outbox/{id}/retry', { expect: only('admin'), req: (f) => ({ path: `/api/v1/peers/outbox/${f.peers.msg}/retry`, json: {} }) });
rule('POST /api/v1/peers/{id}', { expect: only('admin'), req: (f) => ({ path: `/api/v1/peers/${f.peers.peer}`, json: {} }) });
rule('POST /api/v1/peers/{id}/ping', { expect: only('admin'), req: (f) => ({ path: `/api/v1/peers/${f.peers.peer}/ping`, json: {} }) });
// ---- signing ----
// Digital signatures (signing.h). Keys and trust: admin only. Ký số and the upload of a PDF signed
// on the signer's own computer: whoever may sign the document (outgoing_may_sign: here the
// register's signing role, committee-leader, in scope) — the matrix's leaders have no key, so the
// allowed call answers 409 (no certificate) or 415 (the PNG is not a PDF), the others 403/404.
// A file's signature: whoever may see its document (the PNG answers 409: only PDFs carry one).
// Checking a PDF without keeping it: any signed-in user.
const sgSign = (r, l) => A(r === 'committee-leader' && inScope(r, l));
rule('GET /admin/signing', { expect: only('admin') });
rule('POST /admin/signing/signer', { expect: only('admin'), req: () => ({ multipart: true }) });
rule('POST /admin/signing/ca', { expect: only('admin'), req: () => ({ multipart: true }) });
rule('GET /api/v1/signing/credentials', { expect: only('admin') });
rule('POST /api/v1/signing/signers', { expect: only('admin'), req: () => ({ multipart: true }) });
rule('POST /api/v1/signing/cas', { expect: only('admin'), req: () => ({ multipart: true }) });
rule('POST /api/v1/signing/verify', { expect: anyone, req: () => ({ multipart: true }) });
rule('POST /outgoing/{id}/sign-digital', { dims: 'doc', expect: sgSign, req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.approved[rel][sec]}/sign-digital`, form: {} }) });
rule('POST /outgoing/{id}/signed-file', { dims: 'doc', expect: sgSign, req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.approved[rel][sec]}/signed-file`, multipart: true }) });
rule('POST /api/v1/outgoing/{id}/digital-signature', { dims: 'doc', expect: sgSign, req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.approved[rel][sec]}/digital-signature`, json: {} }) });
rule('POST /api/v1/outgoing/{id}/signed-file', { dims: 'doc', expect: sgSign, req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.approved[rel][sec]}/signed-file`, multipart: true }) });
rule('GET /api/v1/attachments/{id}/signature', { dims: 'doc', expect: (r, l, s) => A(seeIn(r, l, s)), req: (fx, rel, sec) => ({ path: `/api/v1/attachments/${fx.inAtt[rel][sec]}/signature` }) });
// ---- edxml ----
// edXML packages (edxml.h). Export: clerks and office-leaders, of an issued document they may
// see (not visible → 404, visible but another role → 403); without ?to= the page is the organ
// chooser and the API answers 400 (no organ chosen), past authorization either way. Import into
// the queue: clerks only (the body here is not a package: refused as bad XML, 400, after the
// role check). Business requests: the clerk who keeps the queue row; no fixture has one, so
// every caller gets 404 for an id that is not theirs (the positive path is in
// tests/http/edxml.test.mjs).
const edxmlSender = (r, l, s) => A(seeOut(r, l, s) && (r === 'clerk' || r === 'office-leader'));
rule('GET /outgoing/{id}/edxml', { dims: 'doc', expect: edxmlSender, req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.issued[rel][sec]}/edxml` }) });
rule('GET /api/v1/outgoing/{id}/edxml', { dims: 'doc', expect: edxmlSender, req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.issued[rel][sec]}/edxml` }) });
rule('POST /incoming/inbox/edxml', { expect: only('clerk'), req: () => ({ form: { note: 'không có tệp' } }) });
rule('POST /api/v1/edxml/import', { expect: only('clerk'), req: () => ({ multipart: true }) });
rule('GET /api/v1/edxml/requests', { expect: only('clerk') });
rule('POST /edxml/requests/{id}/decide', { expect: () => 'refused', req: () => ({ path: '/edxml/requests/999999/decide', form: { decision: 'agree' } }) });
rule('POST /api/v1/edxml/requests/{id}/decide', { expect: () => 'refused', req: () => ({ path: '/api/v1/edxml/requests/999999/decide', json: { decision: 'agree' } }) });

// ---- ops ----
// /readyz is public: load balancers and systemd probe it without an account; it tells only
// whether the node can serve (database, migrations, writable disk) and why not.
// /metrics is for administrators (a session or an API token): traffic by route and document
// counts are not for every visitor.
rule('GET /readyz', { pub: true });
rule('GET /metrics', { expect: only('admin') });

// ---- sig2 ----
// Removing a signer's key or a trusted CA (signing.h, signing_remove_credential): admin only. The
// target is the demo office's own key for chanhvp, removed by the first allowed call (phase 8,
// after everything that signs); the second allowed call answers 409 (already removed): 'allow'.
rule('POST /admin/signing/credentials/{id}/remove', { phase: 8, expect: only('admin'), req: (fx) => ({ path: `/admin/signing/credentials/${fx.sig2.cred}/remove`, form: {} }) });
rule('POST /api/v1/signing/credentials/{id}/remove', { phase: 8, expect: only('admin'), req: (fx) => ({ path: `/api/v1/signing/credentials/${fx.sig2.cred}/remove`, json: {} }) });
// Registering a USB token's certificate (no key): admin only; the empty form is refused after the
// role check (400/422: 'allow').
rule('POST /admin/signing/token-cert', { expect: only('admin'), req: () => ({ multipart: true }) });
rule('POST /api/v1/signing/token-certificates', { expect: only('admin'), req: () => ({ multipart: true }) });
async function sig2Fixtures() {
  const items = (await ok(api('admin').get('/api/v1/signing/credentials'), 'signing credentials')).items;
  const key = items.find((c) => c.kind === 'signer');
  if (!key) throw new Error('sig2 fixtures: the demo office has no signer key');
  fx.sig2 = { cred: key.id };
}
// ---- edx2 ----
// "Gửi cập nhật" of an issued document (edXML business 2): clerks and leaders of the issuing
// scope, as recall (not visible → 404, visible but another role → 403); past authorization the
// service may answer 409 (never sent electronically) or 422 (no change), both 'allow'.
const edx2Updater = (r, l) => A((r === 'clerk' || isLeader(r)) && inScope(r, l));
rule('POST /outgoing/{id}/update', { dims: 'doc', phase: 2, expect: edx2Updater, req: (fx, rel, sec) => ({ path: `/outgoing/${fx.out.issued[rel][sec]}/update`, form: { subject: 'Trích yếu cập nhật', reason: 'Cập nhật thử' } }) });
rule('POST /api/v1/outgoing/{id}/update', { dims: 'doc', phase: 2, expect: edx2Updater, req: (fx, rel, sec) => ({ path: `/api/v1/outgoing/${fx.out.issued[rel][sec]}/update`, json: { subject: 'Trích yếu cập nhật qua API', reason: 'Cập nhật thử' } }) });
// The edXML organ directory (/admin/edxml/organs): administrators only. Writes use a code that
// fails validation (422 past authorization) so the matrix leaves the directory as it is.
rule('GET /admin/edxml/organs', { expect: only('admin') });
rule('POST /admin/edxml/organs', { expect: only('admin'), req: () => ({ form: { organ_id: 'sai', name: 'Thử' } }) });
rule('GET /admin/edxml/organs/{id}', { expect: only('admin'), req: () => ({ path: '/admin/edxml/organs/1' }) });
rule('POST /admin/edxml/organs/{id}', { expect: only('admin'), req: () => ({ path: '/admin/edxml/organs/1', form: { organ_id: 'sai', name: 'Thử' } }) });
rule('GET /api/v1/edxml/organs', { expect: only('admin') });
rule('POST /api/v1/edxml/organs', { expect: only('admin'), req: () => ({ json: { organ_id: 'sai', name: 'Thử' } }) });
rule('PATCH /api/v1/edxml/organs/{id}', { expect: only('admin'), req: () => ({ path: '/api/v1/edxml/organs/1', json: { organ_id: 'sai' } }) });

// ---- the server and the fixtures -----------------------------------------------------------

let srv;
const fx = { seq: 1000, unit: {}, unitName: {}, unitAbbr: {}, unitLevel: {}, unitParent: {}, unitSort: {}, staff: {}, staffName: {}, person: {}, reg: {}, heading: {}, in: {}, inAtt: {}, inR: {}, inRA: {}, inR2: {}, inbox: {}, inboxFile: {}, inbox2: {}, out: {}, dossier: {} };
const tokens = {};
const sessions = {};

before(async () => { srv = await startServer({ env: { VANPHONG_QUIET: '1' } }); });
after(async () => { if (srv) await srv.stop(); });

function token(login) {
  const r = srv.cli(['token', 'create', '--data', '$DATA', '--login', login]);
  if (r.status !== 0) throw new Error(`token ${login}: ${r.stderr}`);
  return r.stdout.match(/vp_[A-Za-z0-9_-]+/)[0];
}
function userAdd(login, role, unit) {
  const r = srv.cli(['user', 'add', '--data', '$DATA', '--login', login, '--name', `Người ${login}`, '--role', role, '--unit', String(unit)], { input: `${DEMO_PASSWORD}\n` });
  if (r.status !== 0) throw new Error(`user add ${login}: ${r.stderr}`);
}
function api(login) {
  const c = srv.client();
  c.headers.authorization = `Bearer ${tokens[login] ||= token(login)}`;
  return c;
}
async function ok(p, what) {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 400)}`);
  return r.text ? r.json() : {};
}

// A 1×1 PNG: an attachment type that has a preview.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000'
  + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
function multipart() {
  const fd = new FormData();
  fd.append('file', new Blob([PNG], { type: 'image/png' }), 'thu.png');
  return fd;
}

async function buildFixtures() {
  const admin = api('admin');
  const city = api('vanthu');
  const units = (await ok(admin.get('/api/v1/units'), 'units')).items;
  const byName = (n) => units.find((u) => u.name === n && u.active !== false).id;
  fx.unit.own = byName('Đảng ủy phường Bình Thủy');
  fx.unit.parent = byName('Thành ủy Cần Thơ');
  fx.unit.sibling = byName('Đảng ủy phường Cái Răng');
  fx.unit.child = (await ok(admin.post('/api/v1/units', { json: { name: 'Chi bộ Khu vực 1 phường Bình Thủy', abbr: 'CBKV1', level: 'CHI_BO', parent_id: fx.unit.own } }), 'child')).id;
  fx.unit.other = (await ok(admin.post('/api/v1/units', { json: { name: 'Chi bộ Khu vực 1 phường Cái Răng', abbr: 'CBKV1', level: 'CHI_BO', parent_id: fx.unit.sibling } }), 'other')).id;
  const office = (await ok(admin.post('/api/v1/units', { json: { name: 'Văn phòng Đảng ủy phường Bình Thủy', abbr: 'VPĐU', level: 'BAN', parent_id: fx.unit.own } }), 'office')).id;
  for (const rel of RELS) {
    const u = await ok(admin.get(`/api/v1/units/${fx.unit[rel]}`), 'unit');
    Object.assign(fx.unitName, { [rel]: u.name }); fx.unitAbbr[rel] = u.abbr; fx.unitLevel[rel] = u.level;
    fx.unitParent[rel] = u.parent_id; fx.unitSort[rel] = u.sort_order;
  }

  // The acting accounts that the demo lacks, and one person in each unit to pass shares to.
  userAdd('thuongtruc.bt', 'committee-leader', fx.unit.own);
  userAdd('chanhvp.bt', 'office-leader', office);
  userAdd('chuyenvien.bt', 'specialist', fx.unit.own);
  for (const rel of ['child', 'sibling', 'other']) userAdd(`canbo.${rel}`, 'specialist', fx.unit[rel]);
  for (const rel of RELS) userAdd(`muctieu.${rel}`, 'specialist', fx.unit[rel]);
  const users = (await ok(admin.get('/api/v1/users'), 'users')).items;
  const uid = (l) => users.find((u) => u.login === l).id;
  fx.target = {}; fx.targetTokWeb = {}; fx.targetTokApi = {};
  for (const rel of RELS) {
    fx.target[rel] = uid(`muctieu.${rel}`);
    // Two tokens each: the page route and the API route revoke one each.
    for (const k of ['targetTokWeb', 'targetTokApi']) {
      token(`muctieu.${rel}`);
      const list = (await ok(admin.get(`/api/v1/tokens?user_id=${fx.target[rel]}`), 'tokens')).items;
      fx[k][rel] = list.find((t) => !t.revoked_at && !Object.values(fx.targetTokWeb).includes(t.id)).id;
    }
  }
  fx.person = { own: uid('chuyenvien.bt'), parent: uid('thuongtruc'), child: uid('canbo.child'), sibling: uid('canbo.sibling'), other: uid('canbo.other') };

  // Staff: one record per unit (admin, through the staff form).
  const adminWeb = await srv.as('admin');
  for (const rel of RELS) {
    const name = `Cán bộ thử ${rel}`;
    const r = await adminWeb.post('/org/staff/new', { form: { full_name: name, unit_id: fx.unit[rel], position: 'Chuyên viên' } });
    if (r.status !== 303) throw new Error(`staff ${rel}: ${r.status} ${r.text.slice(0, 300)}`);
    const list = (await ok(admin.get(`/api/v1/staff?unit_id=${fx.unit[rel]}`), 'staff')).items;
    fx.staff[rel] = list.find((s) => s.full_name === name).id;
    fx.staffName[rel] = name;
  }

  // Registers (sổ văn bản đi): the demo has the city's and the wards'; the chi bộ get one each.
  for (const rel of ['child', 'other']) {
    const parent = rel === 'child' ? fx.unit.own : fx.unit.sibling;
    const r = await adminWeb.post('/admin/catalog/register', { form: { unit_id: fx.unit[rel], term_unit_id: parent, name: `Sổ văn bản đi chi bộ ${rel}`, policy: 'party', issuer_abbr: 'CB', signer_role: 'committee-leader' } });
    if (r.status >= 400) throw new Error(`register ${rel}: ${r.status}`);
  }
  const regs = await ok(admin.get('/api/v1/catalog/registers'), 'registers');
  const regList = regs.items || regs;
  for (const rel of RELS) fx.reg[rel] = regList.find((g) => g.unit_id === fx.unit[rel]).id;

  fx.today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  fx.year = Number(fx.today.slice(0, 4));

  // Incoming documents, registered by the city clerk for the unit of each relation.
  // Each register is routed by its own committee's leaders (the city's leaders read the wards'
  // registers but do not route them): a committee-leader for each relation's unit.
  for (const rel of ['child', 'sibling', 'other']) userAdd(`lanhdao.${rel}`, 'committee-leader', fx.unit[rel]);
  const leaderCity = api('thuongtruc');
  const router = { own: 'thuongtruc.bt', parent: 'thuongtruc', child: 'lanhdao.child', sibling: 'lanhdao.sibling', other: 'lanhdao.other' };
  async function registerIn(rel, sec, tag) {
    const j = await ok(city.post('/api/v1/incoming', { json: { ...inForm(fx, rel, `${tag} ${rel} ${sec}`), secrecy: sec } }), `incoming ${rel} ${sec}`);
    return j.id;
  }
  async function routed(rel, sec, tag) {
    const id = await registerIn(rel, sec, tag);
    const j = await ok(api(router[rel]).post(`/api/v1/incoming/${id}/assign`, { json: { lead_unit_id: fx.unit[rel], due_date: '2099-12-31', instruction: 'Chủ trì' } }), `assign ${rel} ${sec}`);
    const a = j.assignments.find((x) => x.status === 'open' && x.kind === 'lead');
    return [id, a.id];
  }
  for (const rel of RELS) {
    fx.in[rel] = {}; fx.inAtt[rel] = {}; fx.inR[rel] = {}; fx.inRA[rel] = {}; fx.inR2[rel] = {};
    for (const sec of SECRECY) {
      fx.in[rel][sec] = await registerIn(rel, sec, 'đọc');
      // Archives (issue 19): a Tuyệt mật document is never scanned, so its attachment checks use
      // the Tối mật one of the same unit (the same visibility rule); Mật and Tối mật scans need
      // a recorded approval first (the city's committee-leader gives it).
      if (sec === 'mat' || sec === 'toi_mat') await ok(api('thuongtruc').post('/api/v1/archives/scan-approvals', { json: { doc_kind: 'in', doc_id: fx.in[rel][sec] } }), 'scan approval');
      fx.inAtt[rel][sec] = sec === 'tuyet_mat' ? fx.inAtt[rel].toi_mat : (await ok(city.post(`/api/v1/incoming/${fx.in[rel][sec]}/attachments`, { body: multipart() }), 'attach')).id;
      [fx.inR[rel][sec], fx.inRA[rel][sec]] = await routed(rel, sec, 'xử lý');
      [fx.inR2[rel][sec]] = await routed(rel, sec, 'phân công');
    }
  }

  // Outgoing documents in each state, drafted by the city clerk, approved and signed by the city
  // committee leader, issued by the city clerk.
  async function outgoing(rel, sec, upto, recipients, withFile = false) {
    const j = await ok(city.post('/api/v1/outgoing', { json: { register_id: fx.reg[rel], doc_type: 'cong_van', subject: `Dự thảo ma trận ${rel} ${sec} ${upto}`, body: 'Nội dung', secrecy: sec, urgency: 'normal', recipients } }), `outgoing ${rel} ${sec}`);
    if (withFile) await ok(city.post(`/api/v1/outgoing/${j.id}/attachments`, { body: multipart() }), `attach outgoing ${rel} ${sec}`);
    const steps = ['approve', 'sign', 'issue'];
    const who = { approve: leaderCity, sign: leaderCity, issue: city };
    for (const s of steps.slice(0, ['draft', 'approved', 'signed', 'issued'].indexOf(upto)))
      await ok(who[s].post(`/api/v1/outgoing/${j.id}/${s}`, { json: {} }), `${s} ${rel} ${sec}`);
    return j.id;
  }
  for (const st of ['draft', 'approved', 'signed', 'issued', 'draft2', 'approved2', 'signed2', 'issued2']) {
    fx.out[st] = {};
    for (const rel of RELS) {
      fx.out[st][rel] = {};
      for (const sec of SECRECY) fx.out[st][rel][sec] = await outgoing(rel, sec, st.replace('2', ''), []);
    }
  }

  // Electronic-queue rows: the city office sends each unit one document per secrecy level (two
  // sets: one for the page's refusal, one for the API's). Tối mật/Tuyệt mật go on paper.
  // Each queue is listed by a clerk who keeps it: the city's, Bình Thủy's (own, child) and Cái
  // Răng's (sibling) and the two chi bộ's (created here). Tối mật/Tuyệt mật documents travel on
  // paper, never through a queue: those combinations have no possible record.
  userAdd('vanthu.cairang', 'clerk', fx.unit.sibling);
  userAdd('vanthu.child', 'clerk', fx.unit.child);
  userAdd('vanthu.other', 'clerk', fx.unit.other);
  const inboxList = async () => {
    const rows = [];
    for (const l of ['vanthu', 'vanthu.binhthuy', 'vanthu.cairang', 'vanthu.child', 'vanthu.other']) rows.push(...(await ok(api(l).get('/api/v1/inbox?all=1'), 'inbox')).items);
    return rows;
  };
  for (const set of ['inbox', 'inbox2']) {
    const sent = {};
    for (const rel of RELS) {
      fx[set][rel] = {}; sent[rel] = {};
      // The first set carries a file, for the queued document's preview and its files.
      for (const sec of SECRECY) sent[rel][sec] = await outgoing('parent', sec, 'issued', [{ unit_id: fx.unit[rel] }], set === 'inbox');
    }
    const rows = await inboxList();
    for (const rel of RELS) for (const sec of SECRECY) {
      const row = rows.find((x) => x.outgoing_id === sent[rel][sec]);
      fx[set][rel][sec] = row ? row.id : null;
      if (set === 'inbox') (fx.inboxFile[rel] ??= {})[sec] = row ? row.files[0].id : null;
    }
  }

  // A saved filter of the city clerk's, which no acting account may delete.
  fx.filter = (await ok(city.post('/api/v1/filters', { json: { list: 'incoming', name: 'Ma trận', query: 'status=done' } }), 'filter')).id;

  // Dossiers: a heading per unit, and dossiers planned / opened there (city clerk).
  for (const rel of RELS) {
    const h = await ok(city.post('/api/v1/dossiers/headings', { json: { year: fx.year, title: `Tổng hợp ${rel}`, abbr: 'TH', unit_id: fx.unit[rel] } }), `heading ${rel}`);
    fx.heading[rel] = h.id;
  }
  for (const st of ['planned', 'planned2', 'open', 'open2']) {
    fx.dossier[st] = {};
    for (const rel of RELS) {
      const d = await ok(city.post('/api/v1/dossiers', { json: { heading_id: fx.heading[rel], title: `Hồ sơ ${st} ${rel}`, retention_years: 10 } }), `dossier ${rel}`);
      if (st.startsWith('open')) await ok(city.post(`/api/v1/dossiers/${d.id}/open`, { json: {} }), `open ${rel}`);
      fx.dossier[st][rel] = d.id;
    }
  }

  // Notifications: each actor's newest (if any) and one of the city leader's, who is no actor.
  fx.note = {};
  for (const [role, login] of Object.entries(ACTOR)) fx.note[role] = (await ok(api(login).get('/api/v1/notifications'), 'notes')).items[0]?.id;
  fx.foreignNote = (await ok(api('thuongtruc').get('/api/v1/notifications'), 'notes')).items[0].id;
  await fuFixtures();
  await facFixtures();
  await budgetFixtures();
  await awFixtures();
  await admcFixtures();
  await peersFixtures();
  await sig2Fixtures();
}

// ---- running the matrix ------------------------------------------------------------------

function classify(r) {
  if (r.status === 401) return 'login';
  if (r.status >= 300 && r.status < 400 && /^\/login|\/login\?/.test(r.location || '')) return 'login';
  if (r.status === 403 || r.status === 404) return 'refused';
  if (r.status >= 500 || r.status === 0) return 'error';
  return 'allow';
}

async function clientFor(role, isApi, throwaway) {
  if (role === 'anonymous') return srv.client();
  if (isApi) return api(ACTOR[role]);
  if (throwaway) {
    const c = srv.client();
    await c.login(ACTOR[role], DEMO_PASSWORD);
    c.headers['x-csrf-token'] = await c.csrf('/');
    return c;
  }
  return (sessions[role] ||= await srv.as(ACTOR[role]));
}

test('authorization matrix: every route × role × relation × secrecy', { timeout: 600000 }, async () => {
  // 1. The table, from the binary.
  const listed = cli(['routes']);
  assert.equal(listed.status, 0, listed.stderr);
  const routes = listed.stdout.trim().split('\n').map((l) => {
    const [method, pattern, flags] = l.split(' ');
    return { method, pattern, flags: flags.split(','), key: `${method} ${pattern}` };
  });
  assert.ok(routes.length > 50, `routes listed: ${routes.length}`);
  const missing = routes.filter((r) => !R[r.key]).map((r) => r.key);
  const stale = Object.keys(R).filter((k) => !routes.some((r) => r.key === k));
  const flagMismatch = routes.filter((r) => R[r.key] && !!R[r.key].pub !== r.flags.includes('public')).map((r) => r.key);

  await buildFixtures();

  // 2. The checks.
  const checks = [];
  for (const route of routes) {
    const rl = R[route.key];
    if (!rl) continue;
    const isApi = route.flags.includes('api');
    const variants = rl.variants || [{ name: '', expect: rl.expect, req: rl.req }];
    for (const v of variants) {
      for (const role of ROLES) {
        const rels = rl.dims === 'role' || rl.pub ? ['-'] : RELS;
        for (const rel of rels) {
          const secs = rl.dims === 'doc' ? SECRECY : ['-'];
          for (const sec of secs) {
            let expected;
            if (rl.pub) expected = rl.expect ? rl.expect(role, rel, sec) : 'allow';
            else if (role === 'anonymous') expected = 'login';
            else expected = v.expect(role, rel, sec);
            checks.push({ route, rl, v, role, rel, sec, isApi, expected });
          }
        }
      }
    }
  }
  checks.sort((a, b) => (a.rl.phase ?? 0) - (b.rl.phase ?? 0));

  const unexpected = [];
  let n = 0;
  let notApplicable = 0;
  const naKinds = new Set();
  // Reads run in parallel batches; writes one at a time (their order matters).
  const BATCH = 8;
  for (let i = 0; i < checks.length;) {
    const phase = checks[i].rl.phase ?? 0;
    const batch = [];
    while (i < checks.length && (checks[i].rl.phase ?? 0) === phase && batch.length < (phase === 0 ? BATCH : 1)) batch.push(checks[i++]);
    await Promise.all(batch.map(async (ck) => {
      const { route, v, role, rel, sec, isApi, expected } = ck;
      const spec = v.req ? v.req(fx, rel === '-' ? 'own' : rel, sec === '-' ? 'none' : sec, role) : {};
      const path = spec.path || route.pattern;
      if (/undefined|null|\{/.test(path)) {
        // No such record can exist for this combination (e.g. no queue row for a paper-only
        // document): counted apart, never as a pass.
        notApplicable++;
        naKinds.add(`${route.key} ${rel} ${sec}`);
        return;
      }
      const c = await clientFor(role, isApi, ck.rl.throwaway);
      const opts = {};
      if (spec.multipart) opts.body = multipart();
      else if (spec.json !== undefined) opts.json = spec.json;
      else if (spec.form !== undefined) opts.form = spec.form;
      else if (route.method !== 'GET') opts.form = {};
      const r = await c.request(route.method, path, opts);
      n++;
      let got = classify(r);
      if (got === 'login' && ck.rl.loginIsAllow && role !== 'anonymous') got = 'allow';
      if (got !== expected) {
        unexpected.push(`${route.key}${v.name ? ` [${v.name}]` : ''} ${role} ${rel} ${sec}: expected ${expected} got ${r.status}`);
      }
    }));
  }

  const report = [
    `authorization matrix: ${routes.length} routes, ${n} checks, ${unexpected.length} unexpected decisions` +
      (notApplicable ? `, ${notApplicable} combinations with no possible record` : ''),
    ...[...naKinds].map((k) => `no record for ${k}`),
    ...missing.map((k) => `no rule for route ${k}`),
    ...stale.map((k) => `rule for a route that no longer exists: ${k}`),
    ...flagMismatch.map((k) => `rule and table disagree on whether ${k} is public`),
    ...unexpected,
  ].join('\n');
  console.log(report);
  assert.deepEqual(missing, [], 'every route has a rule');
  assert.deepEqual(stale, [], 'every rule has a route');
  assert.deepEqual(flagMismatch, [], 'public routes agree');
  assert.equal(unexpected.length, 0, `${unexpected.length} unexpected decisions of ${n} checks`);
});
