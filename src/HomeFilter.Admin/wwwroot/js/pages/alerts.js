// Alerts: open first; acknowledge once seen.
import { get, post, query } from '../api.js';
import { el, clear, time, act, state, table } from '../ui.js';

export default async function alerts(container, context) {
  const which = el('select', { id: 'alerts-which' }, el('option', { value: 'false' }, 'open'), el('option', { value: 'true' }, 'acknowledged'), el('option', { value: '' }, 'all'));
  const list = el('div');
  container.append(el('div', { class: 'card inline' }, el('div', {}, el('label', { for: 'alerts-which' }, 'Show'), which)), list);
  const load = async () => {
    const items = await get(`/api/alerts${query({ acknowledged: which.value, limit: 200 })}`);
    clear(list, table(['When', 'Kind', 'Device', 'What happened', ''], items.map(a => el('tr', { dataset: { alert: a.id } },
      el('td', {}, time(a.timeUtc)),
      el('td', {}, a.kind),
      el('td', {}, a.device ? el('span', {}, el('strong', {}, a.device), el('div', { class: 'mono muted' }, a.client)) : a.client),
      el('td', {}, a.message),
      el('td', {}, a.acknowledgedUtc
        ? state('ok', `seen by ${a.acknowledgedBy}`)
        : context.isAdmin ? el('button', { type: 'button', onclick: event => act(event.target, async () => { await post(`/api/alerts/${a.id}/acknowledge`); await load(); }, 'Alert acknowledged') }, 'Acknowledge') : state('warn', 'open')))),
    { label: 'Alerts', empty: 'No alerts.' }));
  };
  which.addEventListener('change', load);
  await load();
}
