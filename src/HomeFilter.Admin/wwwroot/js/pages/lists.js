// Lists: every category's sources with their state, then the catalog of public lists and the presets.
import { get } from '../api.js';
import { el, clear, time, number, state, table } from '../ui.js';
import { catalogSection } from './catalog.js';

export default async function lists(container, context) {
  const body = el('div');
  container.append(body);
  const load = async () => {
    const items = await get('/api/lists');
    clear(body,
      el('p', { class: 'muted' }, 'The lists each category is built from. Downloaded lists are refreshed by themselves; when a download fails the last good copy stays in force.'),
      table(['Category', 'Source', 'Entries', 'Last update', 'State'], items.map(l => el('tr', {},
        el('td', {}, l.category),
        el('td', { class: 'mono' }, l.source),
        el('td', {}, l.entries == null ? '—' : number(l.entries)),
        el('td', {}, time(l.lastSuccessUtc)),
        el('td', {}, l.error ? [state('bad', 'error'), el('div', { class: 'muted' }, l.error)] : state('ok', l.kind === 'file' ? 'loaded' : 'downloaded')))),
      { label: 'Lists', empty: 'No lists yet: choose some from the catalog below, or start from a preset.' }),
      await catalogSection(context, load));
  };
  await load();
}
