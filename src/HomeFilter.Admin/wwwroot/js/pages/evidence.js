// Evidence: a verifiable export of what a device looked up, and what to do when something is wrong.
import { get, query } from '../api.js';
import { el } from '../ui.js';
import { branchSelect } from '../branch-select.js';

export default async function evidence(container) {
  const devices = await get('/api/devices').catch(() => []);
  const { network, select: branch } = await branchSelect('evidence-branch', { startHere: true });
  const device = el('select', { id: 'evidence-device' }, devices.map(d => el('option', { value: d.address }, d.name ? `${d.name} (${d.address})` : d.address)));
  const start = new Date(); start.setHours(0, 0, 0, 0);
  const end = new Date(start); end.setDate(end.getDate() + 1);
  const from = el('input', { type: 'datetime-local', id: 'evidence-from', value: local(start) });
  const to = el('input', { type: 'datetime-local', id: 'evidence-to', value: local(end) });
  const link = el('a', { class: 'button', id: 'evidence-download' }, 'Download evidence');
  const update = () => {
    link.href = `/api/evidence${query({ client: device.value, branch: branch.value, from: new Date(from.value).toISOString(), to: new Date(to.value).toISOString() })}`;
  };
  for (const input of [branch, device, from, to]) input.addEventListener('change', update);
  update();
  container.append(
    el('section', { class: 'card' },
      el('h2', {}, 'Export'),
      el('div', { class: 'inline' },
        network.length ? el('div', {}, el('label', { for: 'evidence-branch' }, 'Branch'), branch) : null,
        el('div', {}, el('label', { for: 'evidence-device' }, 'Device'), device),
        el('div', {}, el('label', { for: 'evidence-from' }, 'From'), from),
        el('div', {}, el('label', { for: 'evidence-to' }, 'To'), to),
        link),
      el('p', { class: 'muted' }, 'The range starts as today. The file is a zip you can keep and hand over.')),
    el('section', { class: 'card' },
      el('h2', {}, 'What the export holds'),
      el('ul', {},
        el('li', {}, 'Every name the device looked up in the range, with what HomeFilter did (allowed, blocked and why).'),
        el('li', {}, 'The time of each lookup in UTC, to the millisecond, and the device\'s address and name.'),
        el('li', {}, 'A hash chain over the rows and a manifest, so anyone can check that no row was changed, added or removed after the export.'),
        el('li', {}, 'The policy that was in force.')),
      el('p', {}, el('strong', {}, 'It never holds page content, messages or images. '), 'Do not copy, save or forward any image or video of a child: that can itself be a crime. Leave content where it is and report it.')),
    el('section', { class: 'card' },
      el('h2', {}, 'When something is wrong: how to report'),
      el('ul', {},
        el('li', {}, el('strong', {}, 'A child in immediate danger: '), 'call your local emergency number (911 in the US, 999 in the UK, 112 in the EU).'),
        el('li', {}, el('strong', {}, 'Local law enforcement: '), 'report to your police; bring this export.'),
        el('li', {}, el('strong', {}, 'United States: '), 'NCMEC\'s CyberTipline — report.cybertip.org or 1-800-843-5678 — for online enticement and child sexual exploitation.'),
        el('li', {}, el('strong', {}, 'Elsewhere: '), 'your national hotline (for example the UK\'s CEOP and the Internet Watch Foundation; INHOPE lists hotlines in 50 countries).')),
      el('p', {}, 'A report needs: who (the child, the device, any account names or user names involved), where (the sites or apps, as in the export), and when (the day and time — the export gives them in UTC; say which time zone you mean when you write times yourself).')));
}

function local(date) {
  const pad = n => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
