// Helpers of the hardening tests, on top of tests/http/lib.mjs: a server over a data directory
// that outlives it (so it can be killed and started again), API clients with a Bearer token,
// `vanphong check`, and small generators of files and unique document numbers.
//
//   const { data } = makeDemoData();
//   const s = await serveOn(data);            // vanphong serve on 127.0.0.1:0
//   const api = bearerClient(s.base, token(data, 'vanthu'));
//   await s.kill();                           // SIGKILL, waits for the exit
import { createHash, randomBytes } from 'node:crypto';
import { Client, cli, sanitizerReport, spawnServe } from '../http/lib.mjs';

export { makeDemoData, cli, DEMO_PASSWORD, sanitizerReport } from '../http/lib.mjs';

// Starts `vanphong serve` over an existing data directory; resolves once it listens.
export async function serveOn(data, opts = {}) {
  const t0 = Date.now();
  const { proc, base, exited, stderr: errText } = await spawnServe(data, opts);
  return {
    base,
    proc,
    exited,
    startMs: Date.now() - t0,
    get stderr() { return errText(); },
    client() { return new Client(base); },
    async kill() {
      proc.kill('SIGKILL');
      return exited;
    },
    // SIGTERM; throws on a sanitizer report or an unclean exit.
    async stop() {
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10000);
      const { code, signal } = await exited;
      clearTimeout(t);
      const stderr = errText();
      if (sanitizerReport(stderr)) throw new Error(`sanitizer report from the server:\n${stderr}`);
      if (signal === 'SIGKILL') throw new Error('server did not stop on SIGTERM within 10 s');
      if (code !== 0 && code !== null) throw new Error(`server exited with ${code}\n${stderr}`);
    },
  };
}

// An API token for a login (`vanphong token create`).
export function token(data, login) {
  const r = cli(['token', 'create', '--data', data, '--login', login]);
  if (r.status !== 0) throw new Error(`token create ${login}: ${r.stderr}`);
  const m = r.stdout.match(/vp_[A-Za-z0-9_-]+/);
  if (!m) throw new Error(`no token in: ${r.stdout}`);
  return m[0];
}

export function bearerClient(base, tok) {
  const c = new Client(base);
  c.headers.authorization = `Bearer ${tok}`;
  return c;
}

// `vanphong check`: {ok, out}.
export function check(data) {
  const r = cli(['check', '--data', data]);
  return { ok: r.status === 0, out: r.stdout + r.stderr, status: r.status };
}

export function sha256(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

// A plain-text attachment of about `size` bytes: Vietnamese lines and random hex (so every file
// is distinct and its hash proves its content).
export function textFile(size) {
  const line = 'Báo cáo kết quả thực hiện Nghị quyết của Ban Chấp hành Đảng bộ phường. ';
  const parts = [];
  let n = 0;
  while (n < size) {
    const s = `${line}${randomBytes(24).toString('hex')}\n`;
    parts.push(s);
    n += Buffer.byteLength(s);
  }
  return Buffer.from(parts.join(''));
}

// The body of POST /api/v1/incoming with a notation unique to (tag, n).
export function incomingBody(tag, n, extra = {}) {
  return {
    issuer_name: 'Ủy ban nhân dân thành phố Cần Thơ',
    doc_type: 'cong_van',
    issued_date: '2026-01-15',
    code: `${n}/${tag}-UBND`,
    subject: `Về việc kiểm tra an toàn dữ liệu số ${n}`,
    signer: 'Trần Văn Minh',
    ...extra,
  };
}

// Uploads one file as field `file`; returns the response.
export function upload(c, path, buf, name = 'bao-cao.txt', type = 'text/plain') {
  const fd = new FormData();
  fd.append('file', new Blob([buf], { type }), name);
  return c.post(path, { body: fd });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
