// The audit log: every change, who made it, when, before and after.
import { get, query } from '../api.js';
import { el, clear, time, table } from '../ui.js';

export default async function audit(container) {
  const list = el('div');
  const more = el('button', { type: 'button', class: 'secondary mt' }, 'Older entries');
  let entries = [];
  const load = async before => {
    const page = await get(`/api/audit${query({ before, limit: 100 })}`);
    entries = before ? entries.concat(page) : page;
    more.hidden = page.length < 100;
    clear(list, table(['When', 'Who', 'From', 'What', 'Target', 'Change'], entries.map(e => el('tr', {},
      el('td', {}, time(e.timeUtc)),
      el('td', {}, e.actor),
      el('td', { class: 'mono' }, e.address || ''),
      el('td', {}, e.action),
      el('td', {}, e.target || ''),
      el('td', {}, e.before || e.after ? el('details', {}, el('summary', {}, 'before / after'),
        el('div', { class: 'mono' }, 'before: ', short(e.before)), el('div', { class: 'mono' }, 'after: ', short(e.after))) : ''))),
    { label: 'Audit log', empty: 'No change has been made yet.' }));
  };
  more.addEventListener('click', () => load(entries.at(-1)?.id));
  container.append(list, more);
  await load();
}

function short(text) {
  if (!text) return '—';
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
