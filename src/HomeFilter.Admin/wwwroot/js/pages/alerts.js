// Alerts: open first; acknowledge once seen; on a branch network, one branch's or every branch's.
import { get, post, query } from '../api.js';
import { el, clear, time, act, state, table } from '../ui.js';
import { branchSelect } from '../branch-select.js';

export default async function alerts(container, context) {
  const which = el('select', { id: 'alerts-which' }, el('option', { value: 'false' }, 'open'), el('option', { value: 'true' }, 'acknowledged'), el('option', { value: '' }, 'all'));
  const { network, select: branch } = await branchSelect('alerts-branch');
  const list = el('div');
  container.append(el('div', { class: 'card inline' }, el('div', {}, el('label', { for: 'alerts-which' }, 'Show'), which),
    network.length ? el('div', {}, el('label', { for: 'alerts-branch' }, 'Branch'), branch) : null), list);
  const load = async () => {
    const items = await get(`/api/alerts${query({ acknowledged: which.value, branch: branch.value, limit: 200 })}`);
    const headers = ['When', ...(network.length ? ['Branch'] : []), 'Kind', 'Device', 'What happened', ''];
    clear(list, table(headers, items.map(a => el('tr', { dataset: { alert: a.id, branch: a.branch || '' } },
      el('td', {}, time(a.timeUtc)),
      network.length ? el('td', { class: 'branch' }, a.branch || '') : null,
      el('td', {}, a.kind),
      el('td', {}, a.device ? el('span', {}, el('strong', {}, a.device), el('div', { class: 'mono muted' }, a.client)) : a.client),
      el('td', {}, a.message),
      el('td', {}, a.acknowledgedUtc
        ? state('ok', `seen by ${a.acknowledgedBy}`)
        : context.isAdmin ? el('button', { type: 'button', onclick: event => act(event.target, async () => { await post(`/api/alerts/${a.id}/acknowledge`); await load(); }, 'Alert acknowledged') }, 'Acknowledge') : state('warn', 'open')))),
    { label: 'Alerts', empty: 'No alerts.' }));
  };
  which.addEventListener('change', load);
  branch.addEventListener('change', load);
  await load();
}
