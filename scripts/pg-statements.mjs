// Reads preprocessed C (cc -E output, macros expanded) on stdin and prints every
// `db_query` initialiser as a JSON line {"file","name","sqlite","pg"}: the registry of SQL
// statements scripts/pg-statements.sh hands to `vanphong sql-pg-report`.
// usage: cc -E … file.c | node scripts/pg-statements.mjs file.c
import { readFileSync } from 'node:fs';

const file = process.argv[2] || '?';
const src = readFileSync(0, 'utf8');

// Tokens: string literals (decoded), NULL pointers, braces, commas, anything else as "word".
function* tokens(s, i) {
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"') {
      let out = '';
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\') {
          const n = s[i + 1];
          const simple = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '0': '\0' };
          if (n === 'x') {
            const m = /^[0-9a-fA-F]+/.exec(s.slice(i + 2));
            out += String.fromCharCode(parseInt(m[0], 16));
            i += 2 + m[0].length;
            continue;
          }
          if (/[0-7]/.test(n)) {
            const m = /^[0-7]{1,3}/.exec(s.slice(i + 1));
            out += String.fromCharCode(parseInt(m[0], 8));
            i += 1 + m[0].length;
            continue;
          }
          out += simple[n] ?? n;
          i += 2;
          continue;
        }
        out += s[i++];
      }
      i++;
      yield { t: 'str', v: out, i };
      continue;
    }
    if (c === '{' || c === '}' || c === ',' || c === ';') { i++; yield { t: c, i }; continue; }
    const m = /^\(\(void \*\)0\)|^NULL|^[A-Za-z_0-9.]+|^./.exec(s.slice(i));
    i += m[0].length;
    yield { t: m[0] === 'NULL' || m[0].startsWith('((void') ? 'null' : 'word', v: m[0], i };
  }
}

// C concatenates adjacent literals: a field is one or more strings, or NULL.
function parseStruct(it) {
  const fields = [];
  let cur = null;
  for (let tk = it.next().value; tk; tk = it.next().value) {
    if (tk.t === 'str') cur = (cur ?? '') + tk.v;
    else if (tk.t === 'null') cur = null;
    else if (tk.t === ',') { fields.push(cur); cur = undefined; }
    else if (tk.t === '}') { if (cur !== undefined) fields.push(cur); return fields; }
    else if (tk.t === 'word') cur = cur ?? undefined;
  }
  return fields;
}

const decl = /\bdb_query\s+(\w+)\s*(\[[^\]]*\])?\s*=\s*\{/g;
const utf8 = (s) => Buffer.from(s, 'latin1').toString('utf8');
let m;
while ((m = decl.exec(src))) {
  const it = tokens(src, decl.lastIndex);
  const emit = (f, k) => {
    if (typeof f[1] !== 'string') return;
    const o = { file, var: m[1] + (k === undefined ? '' : `[${k}]`), name: f[0] ?? m[1],
                sqlite: f[1], pg: typeof f[2] === 'string' ? f[2] : null };
    for (const key of ['name', 'sqlite', 'pg']) if (o[key] !== null) o[key] = utf8(o[key]);
    console.log(JSON.stringify(o));
  };
  if (m[2]) {
    let k = 0;
    for (let tk = it.next().value; tk && tk.t !== '}'; tk = it.next().value)
      if (tk.t === '{') emit(parseStruct(it), k++);
  } else {
    emit(parseStruct(it));
  }
}
