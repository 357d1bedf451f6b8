// Devices: every address that has queried (and every named one); name it, move it to a group, and give
// time-limited overrides: pause filtering, allow a site (a reward), block everything now.
import { get, put, post, del } from '../api.js';
import { el, clear, number, ago, time, act, countdown, state, table, deviceLabel } from '../ui.js';

export default async function devices(container, context) {
  const list = el('div');
  container.append(
    el('p', { class: 'muted' }, 'Every address that asks HomeFilter a question appears here. Give it a name and a group; the name is used in the log, alerts, reports and evidence.'),
    list);
  const load = async () => {
    const [items, groups] = await Promise.all([get('/api/devices'), get('/api/groups')]);
    const groupNames = groups.groups.filter(g => !g.isDefault).map(g => g.name);
    clear(list, table(['Device', 'Group', 'Today', 'First seen', 'Last seen', ''],
      items.map(device => row(device, groupNames, context, load)), { label: 'Devices', empty: 'No device has queried yet. Point a device\'s DNS at HomeFilter and it appears here.' }));
  };
  await load();
  const timer = setInterval(() => { if (!document.activeElement || !list.contains(document.activeElement)) load().catch(() => {}); }, 5000);
  return () => clearInterval(timer);
}

function row(device, groupNames, context, reload) {
  const overrides = el('div', {}, (device.overrides || []).map(o => overrideLine(o, context, reload)));
  const cells = [
    el('td', {}, el('strong', {}, device.name || 'unnamed'), el('div', { class: 'mono muted' }, device.address), overrides),
    el('td', {}, device.group || 'default'),
    el('td', {}, `${number(device.queriesToday)} queries`, el('div', { class: 'muted' }, `${number(device.blockedToday)} blocked`)),
    el('td', {}, time(device.firstSeenUtc)),
    el('td', {}, ago(device.lastSeenUtc)),
    el('td', {}, context.isAdmin ? manage(device, groupNames, reload) : null),
  ];
  return el('tr', { dataset: { address: device.address } }, cells);
}

export function overrideLine(o, context, reload) {
  const what = o.kind === 'pause' ? 'Filtering paused' : o.kind === 'blockAll' ? 'Everything blocked' : `Allowed: ${(o.names || []).join(', ')}`;
  return el('div', { class: 'override', dataset: { override: o.id } },
    state(o.kind === 'blockAll' ? 'bad' : 'warn', what), ' ',
    countdown(o.untilUtc, () => setTimeout(reload, 1500)), ' ',
    context.isAdmin ? el('button', { type: 'button', class: 'secondary', onclick: event => act(event.target, async () => { await del(`/api/overrides/${encodeURIComponent(o.id)}`); await reload(); }, 'Override ended') }, 'End now') : null);
}

function manage(device, groupNames, reload) {
  const id = device.address.replace(/[^a-zA-Z0-9]/g, '-');
  const name = el('input', { id: `name-${id}`, value: device.name || '', maxlength: 64, placeholder: 'e.g. Emma\'s tablet', 'aria-label': `Name for ${device.address}` });
  const group = el('select', { id: `group-${id}`, 'aria-label': `Group for ${device.address}` },
    el('option', { value: '' }, 'default (no group)'),
    groupNames.map(g => el('option', { value: g, selected: g === device.group }, g)));
  const save = el('button', { type: 'button', onclick: event => act(event.target, async () => {
    await put(`/api/devices/${encodeURIComponent(device.address)}`, { name: name.value.trim() || null, group: group.value || null });
    await reload();
  }, 'Device saved') }, 'Save');
  const minutes = el('select', { 'aria-label': 'For how long' }, [15, 30, 60, 120, 240].map(m => el('option', { value: m, selected: m === 60 }, m < 60 ? `${m} min` : `${m / 60} h`)));
  const site = el('input', { placeholder: 'site, e.g. minecraft.net', 'aria-label': `Site to allow for ${deviceLabel(device)}` });
  const give = (kind, extra) => event => act(event.target, async () => {
    await post('/api/overrides', { kind, client: device.address, minutes: Number(minutes.value), ...extra });
    await reload();
  }, 'Override set');
  return el('details', {}, el('summary', {}, 'Manage'),
    el('div', { class: 'inline' }, name, group, save),
    el('div', { class: 'inline mt' },
      minutes,
      el('button', { type: 'button', class: 'secondary', onclick: give('pause') }, 'Pause filtering'),
      el('button', { type: 'button', class: 'danger', onclick: give('blockAll') }, 'Block everything')),
    el('div', { class: 'inline mt' },
      site,
      el('button', { type: 'button', class: 'secondary', onclick: event => { if (!site.value.trim()) return; give('allow', { names: [site.value.trim()] })(event); } }, 'Allow this site')));
}
