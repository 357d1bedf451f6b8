// The query log, live: filters by device, group, outcome, category, name and (on a branch network) branch; a click
// on a row says why.
import { get, query } from '../api.js';
import { el, clear, number, shortTime, state, table } from '../ui.js';
import { branchSelect } from '../branch-select.js';

const OUTCOMES = ['forwarded', 'cached', 'stale', 'blocked', 'rewritten', 'local', 'refused', 'failed'];

export default async function log(container, context) {
  const devices = await get('/api/devices').catch(() => []);
  const names = new Map(devices.map(d => [d.address, d.name]));
  const groups = await get('/api/groups').catch(() => ({ groups: [], categories: [] }));
  const { network, select: branch } = await branchSelect('log-branch');
  const client = el('select', { id: 'log-client' }, el('option', { value: '' }, 'all devices'), devices.map(d => el('option', { value: d.address, selected: d.address === decodeURIComponent(context.args[0] || '') }, d.name ? `${d.name} (${d.address})` : d.address)));
  const group = el('select', { id: 'log-group' }, el('option', { value: '' }, 'all groups'), groups.groups.filter(g => !g.isDefault).map(g => el('option', { value: g.name }, g.name)));
  const outcome = el('select', { id: 'log-outcome' }, el('option', { value: '' }, 'every outcome'), OUTCOMES.map(o => el('option', { value: o }, o)));
  const category = el('select', { id: 'log-category' }, el('option', { value: '' }, 'any category'), groups.categories.map(c => el('option', { value: c.name }, c.name)));
  const name = el('input', { id: 'log-name', placeholder: 'name or part of it', type: 'search' });
  const live = el('input', { type: 'checkbox', id: 'log-live', checked: true });
  const status = el('span', { class: 'muted', role: 'status' });
  const gaps = el('div', { id: 'log-gaps' });
  const results = el('div');
  const filters = el('form', { class: 'card inline', onsubmit: event => { event.preventDefault(); load(); } },
    network.length ? labelled('Branch', branch) : null, labelled('Device', client), labelled('Group', group), labelled('Outcome', outcome), labelled('Category', category), labelled('Name', name),
    el('button', { type: 'submit' }, 'Search'),
    el('label', { class: 'switch' }, live, 'Live'), status);
  for (const input of [branch, client, group, outcome, category]) input.addEventListener('change', () => load());
  container.append(filters, gaps, results);

  let rows = [];
  async function load() {
    const page = await get(`/api/querylog${query({ branch: branch.value, client: client.value, group: group.value, outcome: outcome.value, category: category.value, name: name.value.trim(), match: name.value.trim() ? 'substring' : '', limit: 100 })}`);
    rows = page.items;
    const oldest = rows.length ? rows[rows.length - 1].timeUtc : '';
    const missing = await get(`/api/querylog/gaps${query({ client: client.value, from: oldest })}`).catch(() => []);
    clear(gaps, missing.length ? el('div', { class: 'card warn', role: 'note' },
      el('strong', {}, 'Not everything is in the log here. '),
      el('ul', {}, missing.map(g => el('li', {}, gapText(g, names))))) : null);
    status.textContent = `${rows.length} newest · updated ${new Date().toLocaleTimeString()}`;
    render();
  }

  function render() {
    const headers = ['Time', ...(network.length ? ['Branch'] : []), 'Device', 'Name', 'Type', 'Outcome', 'Why'];
    clear(results, table(headers, rows.map(r => {
      const row = el('tr', { class: 'clickable', tabindex: '0', dataset: { name: r.name, client: r.client, branch: r.branch || '' } },
        el('td', {}, shortTime(r.timeUtc)),
        network.length ? el('td', { class: 'branch' }, r.branch || '') : null,
        el('td', { class: 'device' }, r.device || names.get(r.client) || r.client),
        el('td', { class: 'mono' }, r.name),
        el('td', {}, typeName(r.type)),
        el('td', {}, outcomeState(r.outcome)),
        el('td', {}, r.rule || r.category || ''));
      const open = () => explain(row, r);
      row.addEventListener('click', open);
      row.addEventListener('keydown', event => { if (event.key === 'Enter') open(); });
      return row;
    }), { label: 'Query log', empty: 'No query matches.' }));
  }

  async function explain(row, record) {
    if (row.nextSibling?.classList?.contains('explain-row')) { row.nextSibling.remove(); return; }
    const cell = el('td', { colspan: network.length ? 7 : 6 }, el('div', { class: 'explain' }, 'Working out why…'));
    row.after(el('tr', { class: 'explain-row' }, cell));
    try {
      const why = await get(`/api/policy/explain${query({ client: record.client, name: record.name, time: record.timeUtc })}`);
      clear(cell, el('div', { class: 'explain' }, why.summary, identity(record),
        (why.listLines || []).length ? el('div', { class: 'muted' }, why.listLines.map(l => `listed in ${l.listName}, line ${l.lineNumber}: ${l.listedName}`).join('\n')) : null));
    } catch (error) {
      clear(cell, el('div', { class: 'explain error' }, error.message));
    }
  }

  // Who asked: the device the row was recognised as, its address, MAC and the client ID of an encrypted transport.
  function identity(record) {
    const parts = [record.device ? `device ${record.device}` : null, `address ${record.client}`, record.mac ? `MAC ${record.mac}` : null, record.clientId ? `client ID ${record.clientId}` : null].filter(Boolean);
    return el('div', { class: 'muted identity' }, parts.join(' · '));
  }

  await load();
  const timer = setInterval(() => {
    if (live.checked && !results.querySelector('.explain-row')) load().catch(() => {});
  }, 2000);
  return () => clearInterval(timer);
}

const GAP_REASONS = {
  'queue-full': 'HomeFilter answered them but could not log them fast enough (this device or another was sending very many queries)',
  'store-failed': 'the log database kept failing',
  'unclean-stop': 'HomeFilter stopped without saving its last entries (killed, crashed or a power cut)',
};

function gapText(gap, names) {
  const who = gap.client ? (names.get(gap.client) || gap.client) : 'one or more devices';
  const span = gap.fromUtc === gap.toUtc ? `at ${shortTime(gap.fromUtc)}` : `between ${shortTime(gap.fromUtc)} and ${shortTime(gap.toUtc)}`;
  return `${number(gap.count)} queries from ${who} ${span} are not stored: ${GAP_REASONS[gap.reason] || gap.reason}.`;
}

function labelled(text, input) { return el('div', {}, el('label', { for: input.id }, text), input); }

export function outcomeState(outcome) {
  switch (outcome) {
    case 'blocked': return state('bad', 'blocked');
    case 'rewritten': return state('warn', 'safe search');
    case 'failed': case 'refused': return state('warn', outcome);
    default: return state('ok', outcome);
  }
}

function typeName(type) {
  return { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV', 64: 'SVCB', 65: 'HTTPS' }[type] || String(type);
}
