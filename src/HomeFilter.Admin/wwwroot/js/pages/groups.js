// Groups: a switch per category, safe search, block mode, bedtimes (several windows a day, crossing midnight,
// everything or chosen categories), and "block everything now" for the whole group.
import { get, put, post, del } from '../api.js';
import { el, clear, act, toast } from '../ui.js';
import { overrideLine } from './devices.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export default async function groups(container, context) {
  const body = el('div');
  container.append(body);
  const load = async () => {
    const data = await get('/api/groups');
    clear(body,
      context.isAdmin ? addGroupForm(load) : null,
      data.groups.map(group => groupCard(group, data.categories, context, load)));
  };
  await load();
}

function addGroupForm(reload) {
  const name = el('input', { id: 'new-group', placeholder: 'e.g. kids', maxlength: 32 });
  return el('form', { class: 'card inline', onsubmit: event => { event.preventDefault(); act(event.submitter, async () => { await post('/api/groups', { name: name.value.trim() }); await reload(); }, 'Group added'); } },
    el('div', {}, el('label', { for: 'new-group' }, 'New group'), name),
    el('button', { type: 'submit' }, 'Add group'));
}

function groupCard(group, categories, context, reload) {
  const disabled = !context.isAdmin;
  const slug = group.name.replace(/[^a-z0-9_-]/gi, '-');
  const switches = categories.map(category => el('label', { class: 'switch' },
    el('input', { type: 'checkbox', name: `category-${slug}`, value: category.name, checked: group.block.includes(category.name), disabled, 'data-category': category.name }),
    el('span', {}, category.name, category.description ? el('span', { class: 'muted' }, ` — ${category.description}`) : null)));
  const safeSearch = el('input', { type: 'checkbox', checked: group.safeSearch, disabled, id: `safe-${slug}` });
  const blockMode = el('select', { id: `mode-${slug}`, disabled },
    [['', 'null address (0.0.0.0), recommended'], ['nxdomain', 'name does not exist (NXDOMAIN)'], ['refused', 'refused']].map(([value, label]) =>
      el('option', { value, selected: (group.blockMode || '') === value }, label)));
  const schedules = el('div', {}, group.schedules.map(s => scheduleRow(s, categories, disabled)));
  const addWindow = el('button', { type: 'button', class: 'secondary', disabled, onclick: () => schedules.append(scheduleRow({ days: ['sun', 'mon', 'tue', 'wed', 'thu'], from: '21:00', to: '07:00', block: ['*'] }, categories, disabled)) }, 'Add a bedtime window');
  const save = el('button', { type: 'button', disabled, onclick: event => act(event.target, async () => {
    const block = [...switches].map(s => s.querySelector('input')).filter(i => i.checked).map(i => i.value);
    const windows = [...schedules.querySelectorAll('.schedule-row')].map(readSchedule);
    await put(`/api/groups/${encodeURIComponent(group.name)}`, { block, safeSearch: safeSearch.checked, blockMode: blockMode.value || null, schedules: windows });
    await reload();
  }, `Saved ${group.name}; it applies at once`) }, `Save ${group.name}`);
  const minutes = el('select', { 'aria-label': 'For how long' }, [15, 30, 60, 90].map(m => el('option', { value: m, selected: m === 30 }, `${m} min`)));
  const blockNow = el('button', { type: 'button', class: 'danger', disabled, onclick: event => act(event.target, async () => {
    await post('/api/overrides', { kind: 'blockAll', group: group.isDefault ? 'default' : group.name, minutes: Number(minutes.value), note: 'block everything now' });
    await reload();
  }, 'Everything blocked for the group') }, 'Block everything now');
  return el('section', { class: 'card', dataset: { group: group.name } },
    el('h2', {}, group.isDefault ? 'default — devices in no group' : group.name),
    group.isDefault ? null : el('p', { class: 'muted' }, `Members: ${group.clients.length ? group.clients.join(', ') : 'none yet — add devices from the Devices page'}`),
    (group.overrides || []).map(o => overrideLine(o, context, reload)),
    el('fieldset', {}, el('legend', {}, 'Blocked categories'), switches.length ? switches : el('p', { class: 'muted' }, 'No categories yet: add lists on the Lists page or in the policy.')),
    el('label', { class: 'switch' }, safeSearch, 'Safe search (Google, Bing, DuckDuckGo, YouTube restricted)'),
    el('label', { for: `mode-${slug}` }, 'How blocked names are answered'), blockMode,
    el('fieldset', {}, el('legend', {}, 'Bedtimes and school hours'), schedules, addWindow),
    el('div', { class: 'inline mt' }, save, el('span', { class: 'muted' }, 'or'), minutes, blockNow),
    context.isAdmin && !group.isDefault ? el('div', { class: 'mt' }, el('button', { type: 'button', class: 'secondary', onclick: event => {
      if (!confirm(`Delete the group ${group.name}? Its devices fall back to the default rules.`)) return;
      act(event.target, async () => { await del(`/api/groups/${encodeURIComponent(group.name)}`); await reload(); }, 'Group deleted');
    } }, `Delete ${group.name}`)) : null);
}

function scheduleRow(schedule, categories, disabled) {
  const everything = schedule.block.includes('*');
  const days = el('div', { class: 'days' }, DAYS.map(day => el('label', {}, el('input', { type: 'checkbox', value: day, checked: schedule.days.includes(day), disabled, 'data-day': day }), day)));
  const from = el('input', { type: 'time', value: schedule.from, disabled, 'aria-label': 'from', 'data-from': '' });
  const to = el('input', { type: 'time', value: schedule.to, disabled, 'aria-label': 'to', 'data-to': '' });
  const all = el('input', { type: 'checkbox', checked: everything, disabled, 'data-everything': '' });
  const chosen = el('div', { class: 'days' }, categories.map(c => el('label', {}, el('input', { type: 'checkbox', value: c.name, checked: !everything && schedule.block.includes(c.name), disabled, 'data-window-category': c.name }), c.name)));
  chosen.hidden = everything;
  all.addEventListener('change', () => { chosen.hidden = all.checked; });
  const node = el('div', { class: 'schedule-row' },
    days,
    el('div', { class: 'inline mt' }, el('span', {}, 'from'), from, el('span', {}, 'to'), to, el('span', { class: 'muted' }, 'a window ending earlier than it starts runs past midnight')),
    el('label', { class: 'switch' }, all, 'Block everything (except always-allowed sites)'),
    chosen,
    el('button', { type: 'button', class: 'secondary', disabled, onclick: () => node.remove() }, 'Remove window'));
  return node;
}

function readSchedule(node) {
  const days = [...node.querySelectorAll('[data-day]')].filter(i => i.checked).map(i => i.value);
  const everything = node.querySelector('[data-everything]').checked;
  const block = everything ? ['*'] : [...node.querySelectorAll('[data-window-category]')].filter(i => i.checked).map(i => i.value);
  if (!days.length) toast('A window with no day never applies', true);
  return { days, from: node.querySelector('[data-from]').value, to: node.querySelector('[data-to]').value, block };
}

