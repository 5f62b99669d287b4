// A throw-away PKI for the signature tests (issue 18), made with the Debian tools the server uses
// (openssl, certutil, pk12util, pdfsig, ghostscript): a CA, signers issued by it (valid and
// expired), a signer of an unknown CA, and a PDF to sign. Everything lives in one temp dir.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'buffer', timeout: 60000, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.status}\n${r.stderr}`);
  return r.stdout;
}

export const P12_PASSWORD = 'mat-khau-p12 có dấu';

export function makePki() {
  const dir = mkdtempSync(join(tmpdir(), 'vanphong-pki-'));
  const p = (f) => join(dir, f);
  writeFileSync(p('pw'), P12_PASSWORD);
  const ca = (name, cn) => {
    run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p(`${name}.key`),
      '-out', p(`${name}.pem`), '-days', '1200', '-utf8', '-subj', `/O=Ban Cơ yếu thử nghiệm/CN=${cn}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    mkdirSync(p(`${name}-db`));
    writeFileSync(p(`${name}-db/index.txt`), '');
    writeFileSync(p(`${name}-db/serial`), '1000\n');
    writeFileSync(p(`${name}.cnf`), [
      '[ca]', 'default_ca=x', '[x]', `dir=${p(`${name}-db`)}`, `database=${p(`${name}-db/index.txt`)}`,
      `new_certs_dir=${p(`${name}-db`)}`, `serial=${p(`${name}-db/serial`)}`, 'default_md=sha256',
      'policy=pol', 'unique_subject=no', 'x509_extensions=ext', '[pol]', 'commonName=supplied',
      'organizationName=optional', '[ext]', 'basicConstraints=CA:FALSE',
      'keyUsage=digitalSignature,nonRepudiation', ''].join('\n'));
  };
  // A signer of CA `caName` valid from..to (openssl ca -startdate/-enddate), as a PKCS#12 file.
  const signer = (name, caName, cn, org, start, end) => {
    run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p(`${name}.key`), '-out',
      p(`${name}.csr`), '-utf8', '-subj', `/O=${org}/CN=${cn}`]);
    run('openssl', ['ca', '-batch', '-config', p(`${caName}.cnf`), '-cert', p(`${caName}.pem`),
      '-keyfile', p(`${caName}.key`), '-startdate', start, '-enddate', end, '-in', p(`${name}.csr`),
      '-out', p(`${name}.pem`), '-notext', '-utf8']);
    run('openssl', ['pkcs12', '-export', '-in', p(`${name}.pem`), '-inkey', p(`${name}.key`),
      '-name', name, '-passout', `file:${p('pw')}`, '-out', p(`${name}.p12`)]);
    return p(`${name}.p12`);
  };
  const stamp = (d) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  const now = Date.now();
  const day = 86400000;
  ca('ca', 'CA thử nghiệm Văn phòng');
  ca('rogue', 'CA không tin cậy');
  // Valid longer than the demo office's own key for chanhvp, so that it is the one chosen.
  const valid = signer('an', 'ca', 'Nguyễn Văn An', 'Thành ủy Cần Thơ', stamp(new Date(now - day)), stamp(new Date(now + 1000 * day)));
  const expired = signer('cu', 'ca', 'Trần Văn Cũ', 'Thành ủy Cần Thơ', '20200101000000Z', '20210101000000Z');
  // Another signer of the trusted CA, never bound to the account that uploads (issue 18: a valid
  // signature is not enough, it must be the uploader's own certificate).
  const other = signer('binh', 'ca', 'Lê Thị Bình', 'Thành ủy Cần Thơ', stamp(new Date(now - day)), stamp(new Date(now + 300 * day)));
  const rogue = signer('la', 'rogue', 'Người Lạ', 'Không rõ', stamp(new Date(now - day)), stamp(new Date(now + 30 * day)));
  // The signer's own computer (USB token): an NSS database holding the valid and the rogue keys.
  const nss = p('token');
  mkdirSync(nss);
  run('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
  run('pk12util', ['-i', valid, '-d', `sql:${nss}`, '-w', p('pw')]);
  run('pk12util', ['-i', rogue, '-d', `sql:${nss}`, '-w', p('pw')]);
  run('pk12util', ['-i', other, '-d', `sql:${nss}`, '-w', p('pw')]);
  // A real PDF (ghostscript), the kind a scanner or a word processor makes.
  run('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-sDEVICE=pdfwrite', `-o${p('doc.pdf')}`, '-c',
    '/Helvetica findfont 14 scalefont setfont 72 720 moveto (DANG CONG SAN VIET NAM) show ' +
    '72 690 moveto (So 15-CV/VPTU) show 72 660 moveto (Ve viec chuan bi hoi nghi) show showpage']);
  return {
    dir,
    caPem: readFileSync(p('ca.pem')),
    caDer: run('openssl', ['x509', '-in', p('ca.pem'), '-outform', 'DER']),
    validP12: readFileSync(valid),
    expiredP12: readFileSync(expired),
    rogueP12: readFileSync(rogue),
    otherP12: readFileSync(other),
    otherPem: readFileSync(p('binh.pem')),
    pdf: readFileSync(p('doc.pdf')),
    // Signs pdf bytes on "the signer's computer" with nickname an (trusted CA), binh (trusted CA,
    // bound to nobody) or la (unknown).
    tokenSign(pdf, nick) {
      writeFileSync(p('in.pdf'), pdf);
      rmSync(p('out.pdf'), { force: true });
      run('pdfsig', ['-add-signature', '-nssdir', `sql:${nss}`, '-nick', nick, p('in.pdf'), p('out.pdf')]);
      return readFileSync(p('out.pdf'));
    },
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
  };
}
