// Overview: today's queries and blocks per device, activity by hour, night activity against the usual, open alerts, health.
import { get, query } from '../api.js';
import { el, clear, state, number, ago, table, todayStart, deviceLabel } from '../ui.js';
import { rateLimitCard } from './ratelimit.js';

export default async function overview(container) {
  const figures = el('div', { class: 'grid' });
  const chart = el('section', { class: 'card' }, el('h2', {}, 'Activity today, by hour'));
  const devicesCard = el('section', { class: 'card' }, el('h2', {}, 'Devices today'));
  const nightCard = el('section', { class: 'card' }, el('h2', {}, 'Night activity compared with the usual'));
  const alertsCard = el('section', { class: 'card' }, el('h2', {}, 'Open alerts'));
  const healthCard = el('section', { class: 'card' }, el('h2', {}, 'Health'));
  const limitedCard = el('section', { class: 'card' }, el('h2', {}, 'Rate-limited clients'));
  container.append(figures, chart, el('div', { class: 'grid' }, devicesCard, alertsCard), nightCard, healthCard, limitedCard);

  const load = async () => {
    const from = todayStart();
    const [devices, statistics, alerts, upstreams, logStatus, lists, night, rateLimit] = await Promise.all([
      get('/api/devices').catch(() => []),
      get(`/api/statistics${query({ from })}`).catch(() => null),
      get('/api/alerts?acknowledged=false&limit=5').catch(() => []),
      get('/api/upstreams').catch(() => []),
      get('/api/querylog/status').catch(() => null),
      get('/api/lists').catch(() => []),
      get('/api/devices/night').catch(() => []),
      get('/api/ratelimit').catch(() => null),
    ]);
    const active = devices.filter(d => d.queriesToday > 0);
    clear(figures,
      figure('Queries today', number(statistics?.queries)),
      figure('Blocked today', number(statistics?.blocked)),
      figure('Devices active today', number(active.length)),
      figure('Open alerts', number(alerts.length)));
    clear(chart, el('h2', {}, 'Activity today, by hour'), hourChart(statistics?.hours || []));
    clear(devicesCard, el('h2', {}, 'Devices today'), table(['Device', 'Group', 'Queries', 'Blocked', 'Last seen'],
      active.sort((a, b) => b.queriesToday - a.queriesToday).map(d => el('tr', {},
        el('td', {}, el('a', { href: `#/log/${encodeURIComponent(d.address)}` }, deviceLabel(d))),
        el('td', {}, d.group || 'default'),
        el('td', {}, number(d.queriesToday)),
        el('td', {}, number(d.blockedToday)),
        el('td', {}, ago(d.lastSeenUtc)))), { label: 'Devices today', empty: 'No device has made a query today.' }));
    clear(nightCard, el('h2', {}, 'Night activity compared with the usual'),
      el('p', { class: 'muted' }, 'Lookups in each device\'s night window tonight (or last night), against the same window over its earlier nights (the median). Late-night activity is worth a conversation.'),
      table(['Device', 'Window', 'Tonight', 'Usually', 'State'], night.map(n => el('tr', {},
        el('td', {}, n.name ? `${n.name} (${n.client})` : n.client),
        el('td', {}, n.window),
        el('td', {}, `${number(n.queries)}${n.inProgress ? ' so far' : ''}`),
        el('td', {}, n.historyNights >= 3 ? number(Math.round(n.baselineMedian)) : 'not enough history yet'),
        el('td', {}, n.unusual ? state('bad', 'unusual') : state('ok', 'as usual')))), { label: 'Night activity', empty: 'No night activity recorded yet.' }));
    clear(alertsCard, el('h2', {}, 'Open alerts'),
      alerts.length ? el('ul', {}, alerts.map(a => el('li', {}, el('strong', {}, a.kind), ' — ', a.message, el('span', { class: 'muted' }, ` (${ago(a.timeUtc)})`)))) : el('p', {}, state('ok', 'none')),
      el('a', { href: '#/alerts' }, 'All alerts'));
    const unreachable = upstreams.length > 0 && upstreams.every(u => u.state === 'down');
    clear(healthCard, el('h2', {}, 'Health'),
      unreachable ? el('p', { class: 'error', role: 'alert' }, 'No upstream reachable: names that are not cached cannot be resolved.') : null,
      table(['What', 'State', 'Detail'], [
        ...upstreams.map(u => el('tr', {}, el('td', {}, `Upstream ${u.upstream}`), el('td', {}, upstreamState(u.state)), el('td', {}, u.latencyMs != null ? `${u.latencyMs.toFixed(1)} ms` : (u.lastError || '')))),
        ...lists.map(l => el('tr', {}, el('td', {}, `List ${l.source}`), el('td', {}, l.error ? state('bad', 'error') : state('ok', 'loaded')), el('td', {}, l.error || `${number(l.entries)} entries`))),
        logStatus ? el('tr', {}, el('td', {}, 'Query log'), el('td', {}, !logStatus.enabled ? state('info', 'off') : logStatus.dropped > 0 || logStatus.lost > 0 ? state('warn', 'drops') : state('ok', 'storing')),
          el('td', {}, `${number(logStatus.stored)} stored, ${number(logStatus.dropped)} dropped, ${number(logStatus.lost)} lost`)) : null,
      ], { label: 'Health' }));
    rateLimitCard(limitedCard, rateLimit, devices);
  };
  await load();
  const timer = setInterval(() => load().catch(() => {}), 10000);
  return () => clearInterval(timer);
}

export function upstreamState(value) {
  switch (value) {
    case 'healthy': return state('ok', 'healthy');
    case 'down': return state('bad', 'down');
    default: return state('info', value || 'unknown');
  }
}

function figure(label, value) {
  return el('div', { class: 'card' }, el('div', { class: 'muted' }, label), el('div', { class: 'figure' }, value));
}

/** Bars per hour (queries, and blocked over them) with a scale on the left. */
export function hourChart(hours) {
  const byHour = new Array(24).fill(null).map(() => ({ queries: 0, blocked: 0 }));
  for (const h of hours) {
    const local = new Date(h.hourUtc).getHours();
    byHour[local].queries += h.queries;
    byHour[local].blocked += h.blocked;
  }
  const max = Math.max(1, ...byHour.map(h => h.queries));
  const scale = niceMax(max);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 240 100');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Queries per hour today; the busiest hour had ${max}`);
  byHour.forEach((h, i) => {
    for (const [value, cls] of [[h.queries, 'bar-q'], [h.blocked, 'bar-b']]) {
      const height = (value / scale) * 100;
      const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      rect.setAttribute('x', String(i * 10 + 1));
      rect.setAttribute('width', '8');
      rect.setAttribute('y', String(100 - height));
      rect.setAttribute('height', String(height));
      rect.setAttribute('class', cls);
      const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      title.textContent = `${String(i).padStart(2, '0')}:00 — ${h.queries} queries, ${h.blocked} blocked`;
      rect.append(title);
      svg.append(rect);
    }
  });
  return el('div', {},
    el('div', { class: 'chart' },
      el('div', { class: 'axis', 'aria-hidden': 'true' }, el('span', {}, number(scale)), el('span', {}, number(scale / 2)), el('span', {}, '0')),
      svg),
    el('div', { class: 'chart' }, el('span', {}), el('div', { class: 'xaxis', 'aria-hidden': 'true' }, ['00', '04', '08', '12', '16', '20', '24'].map(h => el('span', {}, `${h}:00`)))),
    el('div', { class: 'legend' }, el('span', { class: 'q' }, 'queries'), el('span', { class: 'b' }, 'blocked')));
}

function niceMax(value) {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
