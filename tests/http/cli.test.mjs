// The command line (issue "Trust" §4): every command declares its options, so an unknown
// command or flag is an error with the usage and exit status 2, never silently ignored;
// --help for each command; --version; progress drawn as a bar only on a terminal.
// The commands are read from `vanphong --help`, so a new command is covered without
// editing this file.
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
  assert.match(r.stderr, /usage: vanphong COMMAND/);
  const bare = cli([]);
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /usage: vanphong COMMAND/);
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
    assert.match(r.stdout, new RegExp(`usage: vanphong ${name}`), `${name} --help`);
  }
});

test('every command refuses an unknown flag with the flag named, its usage, exit 2, and acts on nothing', () => {
  for (const name of commands()) {
    // --data first, so a command that ignored unknown flags would go on and act on it
    const r = cli([name, '--data', demo.data, '--no-such-flag']);
    assert.equal(r.status, 2, `${name}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /--no-such-flag/, name);
    assert.match(r.stderr, new RegExp(`usage: vanphong ${name}`), name);
    assert.equal(r.stdout, '', `${name} printed on stdout: ${r.stdout}`);
  }
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
