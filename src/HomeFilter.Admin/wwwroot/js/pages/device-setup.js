// One device's encrypted-DNS set-up: the DoH URL (and its QR code), the DoT / Android Private DNS name, an Apple
// profile; a device without a client ID is offered one made from its name.
import { get, put } from '../api.js';
import { el, clear, act } from '../ui.js';

export default async function setup(container, context, device) {
  const body = el('div');
  container.append(el('p', {}, el('a', { href: '#/devices' }, '← All devices')), body);
  const load = async () => {
    const view = await get(`/api/devices/${encodeURIComponent(device)}/setup`);
    clear(body, render(view, context, device, load));
  };
  await load();
}

function render(view, context, device, reload) {
  const parts = [el('h2', {}, `Set up encrypted DNS: ${view.device}`)];
  if (!view.configured) {
    parts.push(el('div', { class: 'card warn', role: 'note', id: 'setup-not-configured' },
      el('p', {}, el('strong', {}, 'Encrypted DNS is not switched on. '),
        'HomeFilter serves neither DNS-over-HTTPS nor DNS-over-TLS yet, so there is nothing to point this device at.'),
      el('p', {}, 'How to switch it on: ', el('a', { href: view.docsUrl }, 'Encrypted DNS for phones and laptops'), ` (${view.docsUrl}).`)));
  }
  if (!view.clientId) {
    parts.push(clientIdForm(view, context, device, reload));
  }
  if (view.dohUrl) {
    parts.push(el('section', { class: 'card setup-doh' },
      el('h3', {}, 'DNS-over-HTTPS (browsers, Windows, iPhone, iPad, Mac)'),
      copyable('DoH URL', view.dohUrl, 'setup-doh-url'),
      qr(view.qrSvg, view.dohUrl),
      view.mobileconfigUrl ? el('p', {}, el('a', { href: view.mobileconfigUrl, download: '', class: 'button', id: 'setup-mobileconfig' }, 'Download the Apple profile (.mobileconfig)'),
        el('span', { class: 'muted' }, ' Open it on the iPhone, iPad or Mac, then install it under Settings → General → VPN & Device Management.')) : null));
  }
  if (view.dotHost) {
    parts.push(el('section', { class: 'card setup-dot' },
      el('h3', {}, 'DNS-over-TLS and Android'),
      copyable('DoT host name', view.dotHost, 'setup-dot-host'),
      copyable('Android “Private DNS” host name', view.androidPrivateDns, 'setup-android'),
      el('p', { class: 'muted' }, 'On Android: Settings → Network & internet → Private DNS → Private DNS provider hostname.')));
  }
  const problems = (view.problems || []).filter(p => view.configured || !p.startsWith('Neither'));
  if (problems.length) {
    parts.push(el('div', { class: 'card', role: 'note', id: 'setup-problems' }, el('ul', {}, problems.map(p => el('li', {}, p)))));
  }
  return parts;
}

function clientIdForm(view, context, device, reload) {
  const input = el('input', { id: 'setup-client-id', value: view.suggestedClientId, maxlength: 63, pattern: '[a-z0-9]([a-z0-9-]*[a-z0-9])?', 'aria-describedby': 'setup-client-id-help' });
  return el('section', { class: 'card' },
    el('h3', {}, 'Give this device a client ID'),
    el('p', { id: 'setup-client-id-help' }, 'A client ID is a short name (letters, digits and hyphens) in the address the device uses, so HomeFilter knows it is this device on any network.'),
    el('div', { class: 'inline' }, el('label', { for: 'setup-client-id' }, 'Client ID'), input,
      context.isAdmin ? el('button', { type: 'button', onclick: event => act(event.target, async () => {
        if (!view.address) throw new Error('This device has no address to edit it by.');
        const current = (await get('/api/devices')).find(d => d.address === view.address);
        await put(`/api/devices/${encodeURIComponent(view.address)}`, { name: view.device, group: current?.group || null, clientId: input.value.trim() });
        await reload();
      }, 'Client ID saved') }, 'Save client ID') : el('span', { class: 'muted' }, 'An admin can set it.')));
}

function copyable(label, value, id) {
  return el('div', { class: 'copyable' },
    el('label', { for: id }, label),
    el('div', { class: 'inline' },
      el('output', { id, class: 'mono' }, value),
      el('button', { type: 'button', class: 'secondary', onclick: event => act(event.target, () => navigator.clipboard.writeText(value), 'Copied') }, 'Copy')));
}

// The SVG comes from our own API (QRCoder's rectangles, no script); parsed as XML and adopted, never set as HTML.
function qr(svgText, text) {
  if (!svgText) return null;
  const svg = new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement;
  if (svg.nodeName !== 'svg') return null;
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `QR code of ${text}`);
  svg.setAttribute('class', 'qr');
  return el('div', { class: 'qr-box' }, document.importNode(svg, true));
}
