// Devices: every address that has queried (and every named one); name it, move it to a group, and give
// time-limited overrides: pause filtering, allow a site (a reward), block everything now.
import { get, put, post, del } from '../api.js';
import { el, clear, number, ago, time, act, countdown, state, table, deviceLabel } from '../ui.js';
import setup from './device-setup.js';

export default async function devices(container, context) {
  if (context.args[0] === 'setup' && context.args[1]) return setup(container, context, decodeURIComponent(context.args[1]));
  const list = el('div');
  const hints = el('div', { id: 'device-suggestions' });
  container.append(
    el('p', { class: 'muted' }, 'Every address that asks HomeFilter a question appears here. Give it a name and a group; the name is used in the log, alerts, reports and evidence.'),
    hints,
    list);
  let suggestions = [];
  const load = async () => {
    const [items, groups] = await Promise.all([get('/api/devices'), get('/api/groups')]);
    const groupNames = groups.groups.filter(g => !g.isDefault).map(g => g.name);
    clear(list, table(['Device', 'Group', 'Today', 'First seen', 'Last seen', ''],
      items.map(device => row(device, groupNames, context, load)), { label: 'Devices', empty: 'No device has queried yet. Point a device\'s DNS at HomeFilter and it appears here.' }));
    clear(hints, context.isAdmin ? suggestionCard(suggestions.filter(s => !items.some(d => d.address === s.address && d.name)), load) : null);
  };
  suggestions = await get('/api/devices/suggestions').catch(() => []);
  await load();
  const timer = setInterval(() => { if (!document.activeElement || !list.contains(document.activeElement)) load().catch(() => {}); }, 5000);
  return () => clearInterval(timer);
}

function row(device, groupNames, context, reload) {
  const overrides = el('div', {}, (device.overrides || []).map(o => overrideLine(o, context, reload)));
  const cells = [
    el('td', {}, el('strong', {}, device.name || 'unnamed'), el('div', { class: 'mono muted' }, device.address),
      device.clientId ? el('div', { class: 'mono muted' }, `client ID ${device.clientId}`) : null,
      device.name ? el('a', { href: `#/devices/setup/${encodeURIComponent(device.address)}`, class: 'setup-link' }, 'Set up encrypted DNS') : null,
      overrides),
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

// Names the network already has for unnamed clients (DHCP host names, reverse DNS): one click names the device.
function suggestionCard(items, reload) {
  if (!items.length) return null;
  return el('section', { class: 'card' },
    el('h2', {}, 'Names from your network'),
    el('p', { class: 'muted' }, 'Your router already knows these devices by name. Check a name and take it, or change it first.'),
    table(['Address', 'MAC', 'Name', 'From', ''], items.map(s => {
      const name = el('input', { value: s.name, maxlength: 64, 'aria-label': `Name for ${s.address}` });
      return el('tr', { dataset: { suggestion: s.address } },
        el('td', { class: 'mono' }, s.address),
        el('td', { class: 'mono' }, s.mac || ''),
        el('td', {}, name),
        el('td', {}, s.source === 'dhcp' ? 'DHCP lease' : 'reverse DNS'),
        el('td', {}, el('button', { type: 'button', onclick: event => act(event.target, async () => {
          await put(`/api/devices/${encodeURIComponent(s.address)}`, { name: name.value.trim(), macs: s.mac ? [s.mac] : undefined });
          await reload();
        }, 'Device named') }, 'Name it')));
    }), { label: 'Suggested names' }));
}

function manage(device, groupNames, reload) {
  const id = device.address.replace(/[^a-zA-Z0-9]/g, '-');
  const name = el('input', { id: `name-${id}`, value: device.name || '', maxlength: 64, placeholder: 'e.g. Emma\'s tablet', 'aria-label': `Name for ${device.address}` });
  const group = el('select', { id: `group-${id}`, 'aria-label': `Group for ${device.address}` },
    el('option', { value: '' }, 'default (no group)'),
    groupNames.map(g => el('option', { value: g, selected: g === device.group }, g)));
  const macs = el('input', { id: `macs-${id}`, value: (device.macs || []).join(' '), placeholder: 'MAC, e.g. aa:bb:cc:dd:ee:ff', 'aria-label': `MAC addresses of ${device.address}` });
  const save = el('button', { type: 'button', onclick: event => act(event.target, async () => {
    await put(`/api/devices/${encodeURIComponent(device.address)}`, { name: name.value.trim() || null, group: group.value || null, macs: macs.value.split(/[\s,]+/).filter(Boolean) });
    await reload();
  }, 'Device saved') }, 'Save');
  const minutes = el('select', { 'aria-label': 'For how long' }, [15, 30, 60, 120, 240].map(m => el('option', { value: m, selected: m === 60 }, m < 60 ? `${m} min` : `${m / 60} h`)));
  const site = el('input', { placeholder: 'site, e.g. minecraft.net', 'aria-label': `Site to allow for ${deviceLabel(device)}` });
  const give = (kind, extra) => event => act(event.target, async () => {
    await post('/api/overrides', { kind, client: device.address, minutes: Number(minutes.value), ...extra });
    await reload();
  }, 'Override set');
  return el('details', {}, el('summary', {}, 'Manage'),
    el('div', { class: 'inline' }, name, group, macs, save),
    el('div', { class: 'inline mt' },
      minutes,
      el('button', { type: 'button', class: 'secondary', onclick: give('pause') }, 'Pause filtering'),
      el('button', { type: 'button', class: 'danger', onclick: give('blockAll') }, 'Block everything')),
    el('div', { class: 'inline mt' },
      site,
      el('button', { type: 'button', class: 'secondary', onclick: event => { if (!site.value.trim()) return; give('allow', { names: [site.value.trim()] })(event); } }, 'Allow this site')));
}
