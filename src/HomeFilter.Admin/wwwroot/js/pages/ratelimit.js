// The overview's rate-limit card: the server's limits and the clients it held back most (from /api/ratelimit).
import { el, clear, state, number, ago, table } from '../ui.js';

export function rateLimitCard(card, view, devices) {
  const title = el('h2', {}, 'Rate-limited clients');
  if (!view) { clear(card, title, el('p', { class: 'muted' }, 'Not available.')); return; }
  if (!view.enabled) { clear(card, title, el('p', {}, state('info', 'off'), ' No client is rate limited (HomeFilter:RateLimit:Enabled=false).')); return; }
  const names = new Map((devices || []).map(d => [d.address, d.name]));
  const limits = `${number(view.queriesPerSecond)} queries/s (burst ${number(view.burst)}) per address, ${number(view.networkQueriesPerSecond)}/s (burst ${number(view.networkBurst)}) per /24 or /56, ${number(view.maxUpstreamInFlight)} waiting on upstreams per address; excess UDP queries: ${view.action}.`;
  clear(card, title,
    el('p', { class: 'muted' }, `Defaults: ${limits} A group may set its own.`),
    table(['Client', 'Limited', 'By address', 'By network', 'Too many waiting', 'Last'], view.clients.map(c => el('tr', {},
      el('td', {}, names.get(c.client) ? `${names.get(c.client)} (${c.client})` : c.client),
      el('td', {}, number(c.count)),
      el('td', {}, number(c.byAddress)),
      el('td', {}, number(c.byNetwork)),
      el('td', {}, number(c.byInFlight)),
      el('td', {}, ago(c.lastUtc)))), { label: 'Rate-limited clients', empty: 'No client has been rate limited since the server started.' }));
}
