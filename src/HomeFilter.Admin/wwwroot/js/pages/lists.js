// Lists: every category's sources with their state.
import { get } from '../api.js';
import { el, time, number, state, table } from '../ui.js';

export default async function lists(container) {
  const items = await get('/api/lists');
  container.append(
    el('p', { class: 'muted' }, 'The lists each category is built from. Downloaded lists are refreshed by themselves; when a download fails the last good copy stays in force.'),
    table(['Category', 'Source', 'Entries', 'Last update', 'State'], items.map(l => el('tr', {},
      el('td', {}, l.category),
      el('td', { class: 'mono' }, l.source),
      el('td', {}, l.entries == null ? '—' : number(l.entries)),
      el('td', {}, time(l.lastSuccessUtc)),
      el('td', {}, l.error ? [state('bad', 'error'), el('div', { class: 'muted' }, l.error)] : state('ok', l.kind === 'url' ? 'downloaded' : 'loaded')))),
    { label: 'Lists', empty: 'No lists yet.' }));
}
