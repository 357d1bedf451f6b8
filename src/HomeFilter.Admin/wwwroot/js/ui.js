// Small DOM helpers: elements from data (never HTML strings from data), times, states, toasts, countdowns.
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(key, '');
    else node.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node, ...children) { node.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false)); return node; }

export function state(kind, text) { return el('span', { class: `state ${kind}` }, text); }

export function time(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function shortTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  const today = new Date();
  return date.toDateString() === today.toDateString()
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function ago(iso) {
  if (!iso) return 'never';
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} days ago`;
}

export function number(n) { return (n ?? 0).toLocaleString(); }

export function toast(message, isError) {
  const node = document.getElementById('toast');
  node.textContent = message;
  node.classList.toggle('show', true);
  node.style.background = isError ? '#7f1d1d' : '#111827';
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => node.classList.remove('show'), isError ? 7000 : 3500);
}

/** An element counting down to `until` (ISO); calls onEnd once when it reaches zero. */
export function countdown(until, onEnd) {
  const node = el('span', { class: 'countdown', dataset: { until } });
  const end = new Date(until).getTime();
  const tick = () => {
    const left = Math.max(0, Math.round((end - Date.now()) / 1000));
    const h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    node.textContent = left === 0 ? 'ended' : `${h > 0 ? `${h} h ` : ''}${m} min ${String(s).padStart(2, '0')} s left`;
    if (left === 0) { clearInterval(timer); if (onEnd) onEnd(); }
  };
  const timer = setInterval(() => { if (!node.isConnected) clearInterval(timer); else tick(); }, 1000);
  tick();
  return node;
}

/** Runs an async action from a button, showing a toast on failure; the button is disabled meanwhile. */
export async function act(button, action, done) {
  if (button) button.disabled = true;
  try {
    await action();
    if (done) toast(done);
  } catch (error) {
    toast(error.message, true);
  } finally {
    if (button) button.disabled = false;
  }
}

export function table(headers, rows, options) {
  return el('div', { class: 'table-wrap' },
    el('table', options?.label ? { 'aria-label': options.label } : {},
      el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: headers.length, class: 'muted' }, options?.empty || 'Nothing yet.')))));
}

export function field(labelText, input, id) {
  input.id = id;
  return el('div', {}, el('label', { for: id }, labelText), input);
}

/** Start of today (local, in the browser) as ISO. */
export function todayStart() {
  const d = new Date(); d.setHours(0, 0, 0, 0); return d.toISOString();
}

export function deviceLabel(device) { return device.name ? `${device.name} (${device.address})` : device.address; }
