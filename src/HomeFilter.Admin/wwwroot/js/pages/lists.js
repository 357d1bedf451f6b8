// Lists: every category's sources with their state, then the catalog of public lists and the presets.
import { get } from '../api.js';
import { el, clear, time, number, state, table } from '../ui.js';
import { catalogSection } from './catalog.js';

function listState(l) {
  const parts = [];
  if (l.heldBack) {
    parts.push(state('warn', 'held back'), el('div', { class: 'muted' }, l.heldBack));
  } else if (l.error) {
    parts.push(state('bad', 'error'), el('div', { class: 'muted' }, l.error));
  } else {
    parts.push(state('ok', l.kind === 'file' ? 'loaded' : 'downloaded'));
  }
  if (l.essentialHeldBack > 0) {
    const names = (l.essentialHolds || []).map(h => `${h.name} (line ${h.lineNumber})`).join(', ');
    parts.push(el('div', { class: 'muted' }, `${number(l.essentialHeldBack)} entries not applied because they would block essential names: ${names}`));
  }
  return parts;
}

/** A file by its name (the whole path is the cell's title); a catalog id or a URL as written. */
function sourceLabel(l) {
  return l.kind === 'file' ? l.source.split(/[\\/]/).pop() : l.source;
}

export default async function lists(container, context) {
  const body = el('div');
  container.append(body);
  const load = async () => {
    const items = await get('/api/lists');
    clear(body,
      el('p', { class: 'muted' }, 'The lists each category is built from. Downloaded lists are refreshed by themselves; when a download fails, or a new copy looks wrong (much smaller, empty, a web page), the last good copy stays in force.'),
      // State first after the category: on a phone it is what must show without scrolling sideways.
      table(['Category', 'State', 'Source', 'Entries', 'Last update'], items.map(l => el('tr', {},
        el('td', {}, l.category),
        el('td', {}, listState(l)),
        el('td', { class: 'mono', title: l.source }, sourceLabel(l)),
        el('td', {}, l.entries == null ? '—' : number(l.entries)),
        el('td', {}, time(l.lastSuccessUtc)))),
      { label: 'Lists', empty: 'No lists yet: choose some from the catalog below, or start from a preset.' }),
      await catalogSection(context, load));
  };
  await load();
}
