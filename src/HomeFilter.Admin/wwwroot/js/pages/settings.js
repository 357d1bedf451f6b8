// Settings: upstreams with their health, log retention, alert delivery with a test button.
import { get, post } from '../api.js';
import { el, time, act, state, table, number } from '../ui.js';
import { upstreamState } from './overview.js';

export default async function settings(container, context) {
  const [upstreams, config] = await Promise.all([get('/api/upstreams'), get('/api/settings')]);
  container.append(
    el('section', { class: 'card' }, el('h2', {}, 'Upstream resolvers'),
      table(['Upstream', 'State', 'Latency', 'Answers', 'Failures', 'Last error'], upstreams.map(u => el('tr', {},
        el('td', { class: 'mono' }, u.upstream),
        el('td', {}, upstreamState(u.state)),
        el('td', {}, u.latencyMs != null ? `${u.latencyMs.toFixed(1)} ms` : '—'),
        el('td', {}, number(u.successes)),
        el('td', {}, number(u.failures)),
        el('td', {}, u.lastError ? `${u.lastError} (${time(u.lastErrorAt)})` : '—'))), { label: 'Upstreams' }),
      el('p', { class: 'muted' }, 'Set with HomeFilter:Dns:Upstreams (or --upstream).')),
    el('section', { class: 'card' }, el('h2', {}, 'Query log and retention'),
      table(['Setting', 'Value'], [
        ['Query log', config.queryLog.enabled ? 'on' : 'off'],
        ['Rows kept for', `${config.queryLog.retentionDays} days`],
        ['Largest size', `${number(config.queryLog.maxSizeMegabytes)} MB`],
        ['Statistics kept for', `${config.queryLog.rollupRetentionDays} days`],
        ['Data directory', config.dataDirectory],
      ].map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', {}, v))), { label: 'Retention' }),
      el('p', { class: 'muted' }, 'Set with HomeFilter:QueryLog:RetentionDays, MaxSizeMegabytes and RollupRetentionDays.')),
    el('section', { class: 'card' }, el('h2', {}, 'Alert delivery'),
      table(['Channel', 'State'], [
        el('tr', {}, el('td', {}, 'Webhook (ntfy, Gotify, Home Assistant)'), el('td', {}, config.alerts.webhook ? [state('ok', 'on'), ' ', el('span', { class: 'mono' }, config.alerts.webhook)] : state('info', 'not set'))),
        el('tr', {}, el('td', {}, 'E-mail'), el('td', {}, config.alerts.email ? [state('ok', 'on'), ' ', config.alerts.email] : state('info', 'not set'))),
      ], { label: 'Alert delivery' }),
      context.isAdmin ? el('button', { type: 'button', class: 'mt', disabled: !config.alerts.webhook && !config.alerts.email, onclick: event => act(event.target, async () => {
        const result = await post('/api/alerts/test');
        if (result.error) throw new Error(`The test alert was not delivered: ${result.error}`);
      }, 'Test alert sent') }, 'Send a test alert') : null,
      el('p', { class: 'muted' }, 'Set with HomeFilter:Alerts:Webhook:Url and HomeFilter:Alerts:Smtp:*; see the monitoring docs.')));
}
