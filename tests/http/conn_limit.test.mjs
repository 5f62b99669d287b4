// Connections per client address (src/http/conn_limit.c): 64 live connections from one
// address, the 65th refused at accept; a closed one frees its place. A trusted reverse proxy
// (VANPHONG_TRUSTED_PROXIES) is exempt — behind nginx every connection of the office comes
// from the proxy's address, and before this the 65th was reset (tests/nodes, bench/nodes.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { makeDemoData, spawnServe } from './lib.mjs';
import { rmSync } from 'node:fs';

// One keep-alive request on a new socket: resolves {sock, ok} — ok when a full HTTP answer
// came back, false when the server closed the connection without one.
function openAndAsk(port) {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let got = '';
    let done = false;
    const finish = (ok) => { if (!done) { done = true; resolve({ sock, ok }); } };
    sock.on('connect', () => sock.write('GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: keep-alive\r\n\r\n'));
    sock.on('data', (d) => { got += d; if (/^HTTP\/1\.1 200/.test(got) && got.includes('\r\n\r\n')) finish(true); });
    sock.on('error', () => finish(false));
    sock.on('close', () => finish(false));
    // A refused connection is closed at once; a served one may be slow on a loaded machine.
    setTimeout(() => finish(false), 30000);
  });
}

async function withServer(env, fn) {
  const { dir, data } = makeDemoData();
  const s = await spawnServe(data, { env });
  try { await fn(Number(new URL(s.base).port)); } finally {
    s.proc.kill('SIGTERM');
    await s.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the 65th connection from one address is refused; a closed one frees its place', async () => {
  await withServer({}, async (port) => {
    const live = [];
    for (let i = 0; i < 64; i++) {
      const r = await openAndAsk(port);
      assert.ok(r.ok, `connection ${i + 1} served`);
      live.push(r.sock);
    }
    const over = await openAndAsk(port);
    assert.equal(over.ok, false, 'the 65th connection is refused');
    over.sock.destroy();
    live.pop().destroy();
    // The server sees the close when its thread next polls: ask again until it has (bounded),
    // not after a fixed pause a loaded machine can outlast.
    let again;
    for (const end = Date.now() + 20000; ;) {
      again = await openAndAsk(port);
      if (again.ok || Date.now() > end) break;
      again.sock.destroy();
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(again.ok, 'a place freed by a closed connection is taken again');
    live.push(again.sock);
    for (const s of live) s.destroy();
  });
});

test('a trusted proxy address is not limited', async () => {
  await withServer({ VANPHONG_TRUSTED_PROXIES: '127.0.0.1,::1' }, async (port) => {
    const live = [];
    for (let i = 0; i < 80; i++) {
      const r = await openAndAsk(port);
      assert.ok(r.ok, `connection ${i + 1} from the proxy served`);
      live.push(r.sock);
    }
    for (const s of live) s.destroy();
  });
});
