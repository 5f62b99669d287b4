// Dates that are working days for the demo office, for tests that set a deadline: routing
// refuses a due date on a day off (issue 13). The calendar is the one migration 027 seeds
// (a fresh demo database per test file); read from the migration so the two never disagree.
import { readFileSync } from 'node:fs';

const sql = readFileSync(new URL('../../src/db/migrations/027_workdays.sql', import.meta.url), 'utf8');
const rows = new Map();
for (const m of sql.matchAll(/\('(\d{4}-\d\d-\d\d)', '(holiday|off|work)'/g)) rows.set(m[1], m[2]);

export function isWorkingDay(iso) {
  const kind = rows.get(iso);
  if (kind === 'work') return true;
  if (kind) return false;
  const wd = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6;
}

// Today in Vietnam plus n calendar days, moved forward to the first working day.
export function workingDayIn(n) {
  let t = Date.now() + 7 * 3600e3 + n * 86400e3;
  let iso = new Date(t).toISOString().slice(0, 10);
  for (let i = 0; i < 30 && !isWorkingDay(iso); i++) {
    t += 86400e3;
    iso = new Date(t).toISOString().slice(0, 10);
  }
  return iso;
}

// The first date on or after today + n that is NOT a working day (a Saturday at the latest).
export function dayOffIn(n) {
  let t = Date.now() + 7 * 3600e3 + n * 86400e3;
  let iso = new Date(t).toISOString().slice(0, 10);
  while (isWorkingDay(iso)) {
    t += 86400e3;
    iso = new Date(t).toISOString().slice(0, 10);
  }
  return iso;
}
