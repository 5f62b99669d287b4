// The command line (issue "Trust" §4): every command declares its options, so an unknown
// command or flag is an error with the usage and exit status 2, never silently ignored;
// --help for each command; --version; progress drawn as a bar only on a terminal.
// The commands are read from `vanphong --help`, so a new command is covered without
// editing this file.
// One language per locale: Vietnamese by default ("cách dùng: vanphong NAME"), English with
// VANPHONG_LANG=en ("usage: vanphong NAME"), never a mix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { BIN, baseEnv, cli, makeDemoData } from './lib.mjs';

let demo;
before(() => {
  demo = makeDemoData();
});
after(() => rmSync(demo.dir, { recursive: true, force: true }));

// The usage line's first words in each language.
const USAGE = { vi: 'cách dùng', en: 'usage' };
function usage(name, lang = 'vi') {
  return new RegExp(`${USAGE[lang]}: vanphong ${name}`);
}
// Letters only Vietnamese has (ă â đ ê ô ơ ư) and the tone marks: in NFD every one of them
// is a base letter plus a combining mark, except đ.
const VIETNAMESE = /[\u0300-\u036f]|đ|Đ/;
// The first such letter in text with some context, or null.
function vietnameseIn(text) {
  const nfd = text.normalize('NFD');
  const m = VIETNAMESE.exec(nfd);
  return m ? nfd.slice(Math.max(0, m.index - 30), m.index + 10).normalize('NFC') : null;
}

// --data DIR for the commands that take it (`routes` opens no data directory), put before an
// unknown flag so that a command ignoring unknown flags would go on and act on the data.
function dataArgs(name) {
  return cli([name, '--help']).stdout.includes('--data') ? ['--data', demo.data] : [];
}

function commands() {
  const r = cli(['--help']);
  assert.equal(r.status, 0);
  const names = [...r.stdout.matchAll(/^ {2}([a-z-]+) /gm)].map((m) => m[1]);
  assert.ok(names.length >= 10, r.stdout);
  return names;
}

test('an unknown command is an error with the usage and exit status 2', () => {
  const r = cli(['frobnicate']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /frobnicate/);
  assert.match(r.stderr, /cách dùng: vanphong COMMAND/);
  const bare = cli([]);
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /cách dùng: vanphong COMMAND/);
  const en = cli(['frobnicate'], { env: { VANPHONG_LANG: 'en' } });
  assert.equal(en.status, 2);
  assert.match(en.stderr, /unknown command 'frobnicate'/);
  assert.match(en.stderr, /usage: vanphong COMMAND/);
});

test('--version names the release', () => {
  const r = cli(['--version']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^vanphong \d+\.\d+/);
});

test('every command has --help (exit 0, its usage on stdout)', () => {
  for (const name of commands()) {
    const r = cli([name, '--help']);
    assert.equal(r.status, 0, `${name} --help: ${r.stderr}`);
    assert.match(r.stdout, usage(name), `${name} --help`);
  }
});

test('every command refuses an unknown flag with the flag named, its usage, exit 2, and acts on nothing', () => {
  for (const name of commands()) {
    const r = cli([name, ...dataArgs(name), '--no-such-flag']);
    assert.equal(r.status, 2, `${name}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /--no-such-flag/, name);
    assert.match(r.stderr, usage(name), name);
    assert.equal(r.stdout, '', `${name} printed on stdout: ${r.stdout}`);
  }
});

test('VANPHONG_LANG=en: help, usage and errors in English only; by default in Vietnamese', () => {
  const en = { env: { VANPHONG_LANG: 'en' } };
  for (const [args, what] of [[['--help'], 'vanphong --help'], [['frobnicate'], 'unknown command']]) {
    const r = cli(args, en);
    assert.equal(vietnameseIn(r.stdout + r.stderr), null, `${what} (en): ${r.stdout}${r.stderr}`);
    const vi = cli(args);
    assert.notEqual(vietnameseIn(vi.stdout + vi.stderr), null, `${what} (vi)`);
  }
  for (const name of commands()) {
    const help = cli([name, '--help'], en);
    assert.equal(help.status, 0, `${name} --help (en): ${help.stderr}`);
    assert.match(help.stdout, usage(name, 'en'), `${name} --help (en)`);
    const bad = cli([name, ...dataArgs(name), '--no-such-flag'], en);
    assert.equal(bad.status, 2, `${name} (en): ${bad.stdout}${bad.stderr}`);
    assert.match(bad.stderr, usage(name, 'en'), `${name} unknown flag (en)`);
    assert.equal(vietnameseIn(help.stdout), null, `${name} --help (en) has Vietnamese`);
    assert.equal(vietnameseIn(bad.stderr), null, `${name} unknown flag (en) has Vietnamese`);
    assert.match(bad.stderr, /unknown option: --no-such-flag/, `${name} (en)`);

    const vi = cli([name, '--help']);
    assert.match(vi.stdout, usage(name, 'vi'), `${name} --help (vi)`);
    assert.notEqual(vietnameseIn(vi.stdout), null, `${name} --help (vi) is not Vietnamese`);
    const viBad = cli([name, ...dataArgs(name), '--no-such-flag']);
    assert.match(viBad.stderr, /tùy chọn không có: --no-such-flag/, `${name} (vi)`);
    assert.match(viBad.stderr, usage(name, 'vi'), `${name} unknown flag (vi)`);
  }
});

test('the lines scripts read are the same in every language', () => {
  for (const lang of ['', 'en']) {
    const r = cli(['reindex', '--data', demo.data], { env: { VANPHONG_LANG: lang } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^reindexed \d+ documents in [\d.]+ s$/m, `reindex (${lang || 'vi'})`);
    const ck = cli(['check', '--data', demo.data], { env: { VANPHONG_LANG: lang } });
    assert.match(ck.stdout, /^ok$/m, `check (${lang || 'vi'})`);
  }
});

test('a command with subcommands refuses an unknown one with its usage, exit 2', () => {
  for (const name of ['user', 'token']) {
    const r = cli([name, 'frobnicate', '--data', demo.data]);
    assert.equal(r.status, 2, `${name}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /frobnicate/, name);
    assert.match(r.stderr, usage(name), name);
    assert.equal(r.stdout, '', name);
    const bare = cli([name]);
    assert.equal(bare.status, 2, `${name} alone`);
    assert.match(bare.stderr, usage(name), `${name} alone`);
  }
  // Each subcommand takes only its own options.
  const r = cli(['user', 'add', '--data', demo.data, '--generate']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--generate/);
  assert.match(r.stderr, usage('user'));
});

test('a value option without its value, and a stray word, are errors too', () => {
  const r = cli(['check', '--data']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--data/);
  const s = cli(['check', '--data', demo.data, 'extra']);
  assert.equal(s.status, 2);
  assert.match(s.stderr, /extra/);
  const ok = cli(['check', `--data=${demo.data}`]);
  assert.equal(ok.status, 0, ok.stderr);
});

test('progress: a bar on a terminal, plain lines otherwise', () => {
  const piped = cli(['reindex', '--data', demo.data]);
  assert.equal(piped.status, 0, piped.stderr);
  assert.doesNotMatch(piped.stderr, /\r/);
  assert.match(piped.stderr, /\d+\/\d+ \(\d+\.\d s\)\n/);
  // script(1) (util-linux, in every Debian) gives the command a terminal.
  const tty = spawnSync('script', ['-qec', `${BIN} reindex --data ${demo.data}`, '/dev/null'], {
    env: baseEnv(),
    encoding: 'utf8',
    timeout: 60000,
  });
  assert.equal(tty.status, 0, tty.stderr);
  assert.match(tty.stdout, /\r\[#*\s*\] \d+\/\d+/);
});
