// Reports: the daily or weekly digest of a device, a group or everyone (on a branch network: of one branch or all),
// opened in the browser with the session.
import { get, query } from '../api.js';
import { el } from '../ui.js';
import { branchSelect } from '../branch-select.js';

export default async function reports(container) {
  const devices = await get('/api/devices').catch(() => []);
  const groups = await get('/api/groups').catch(() => ({ groups: [] }));
  const { network, select: branch } = await branchSelect('report-branch', { startHere: true });
  const subject = el('select', { id: 'report-subject' },
    el('option', { value: '' }, 'everyone'),
    el('optgroup', { label: 'Devices' }, devices.map(d => el('option', { value: `client:${d.address}` }, d.name ? `${d.name} (${d.address})` : d.address))),
    el('optgroup', { label: 'Groups' }, groups.groups.filter(g => !g.isDefault).map(g => el('option', { value: `group:${g.name}` }, g.name))));
  const period = el('select', { id: 'report-period' }, el('option', { value: 'day' }, 'day'), el('option', { value: 'week' }, 'week'));
  const date = el('input', { type: 'date', id: 'report-date', value: new Date().toLocaleDateString('en-CA') });
  const link = el('a', { class: 'button', target: '_blank', rel: 'noopener', id: 'report-open' }, 'Open report');
  const update = () => {
    const [kind, value] = subject.value ? subject.value.split(/:(.*)/s) : [];
    link.href = `/api/digests${query({ ...(kind ? { [kind]: value } : {}), branch: branch.value, period: period.value, date: date.value, format: 'html' })}`;
  };
  for (const input of [branch, subject, period, date]) input.addEventListener('change', update);
  update();
  container.append(el('section', { class: 'card' },
    el('p', {}, 'A digest sums up what a device or group looked up: totals, the most asked and most blocked names, blocked categories, night activity and a chart by hour.'),
    el('div', { class: 'inline' },
      network.length ? el('div', {}, el('label', { for: 'report-branch' }, 'Branch'), branch) : null,
      el('div', {}, el('label', { for: 'report-subject' }, 'Device or group'), subject),
      el('div', {}, el('label', { for: 'report-period' }, 'Period'), period),
      el('div', {}, el('label', { for: 'report-date' }, 'Day (a week ends on it)'), date),
      link)));
}
