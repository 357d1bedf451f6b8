// Branches: every branch of the network with its health, last report, policy generation, queries, blocked and spool.
import { get } from '../api.js';
import { el, clear, time, state, table } from '../ui.js';

const health = { ok: 'ok', unhealthy: 'warn', stale: 'warn', lost: 'bad' };

export default async function branches(container) {
  const list = el('div');
  const own = el('div');
  container.append(own, list);
  try {
    const status = await get('/api/branch/status');
    clear(own, el('div', { class: 'card' },
      el('p', {}, `This is branch ${status.branch}: `, status.connected ? state('ok', 'connected to the central store') : state('bad', `not connected (${status.lastError ?? 'unknown error'})`)),
      el('p', {}, `Policy generation ${status.policyGeneration}; ${status.spoolDepth} log rows waiting to be sent`, status.oldestUnsentUtc ? ` (oldest ${new Date(status.oldestUnsentUtc).toLocaleString()})` : '', '.')));
  } catch {
    clear(own, el('p', {}, 'This resolver is a single site (HomeFilter:Branch:Id is not set).'));
  }

  let items = [];
  try {
    items = await get('/api/branches');
  } catch {
    clear(list, el('p', {}, 'No branch network: the branch registry needs the PostgreSQL store.'));
    return;
  }

  clear(list, table(['Branch', 'Health', 'Last contact', 'Policy generation', 'Queries', 'Blocked', 'Spool'], items.map(b => el('tr', { dataset: { branch: b.id } },
    el('td', {}, b.id),
    el('td', {}, state(health[b.health] ?? 'warn', b.health)),
    el('td', {}, time(b.lastContactUtc)),
    el('td', {}, String(b.policyGeneration)),
    el('td', {}, String(b.queries)),
    el('td', {}, String(b.blocked)),
    el('td', {}, String(b.spoolDepth)))),
  { label: 'Branches', empty: 'No branch has reported yet.' }));
}
