// The dashboard shell: session (set-up, login), navigation, and one page at a time from the URL's #/route.
import { get, post, setCsrfToken } from './api.js';
import { el, clear, field, toast } from './ui.js';
import overview from './pages/overview.js';
import devices from './pages/devices.js';
import groups from './pages/groups.js';
import log from './pages/log.js';
import alerts from './pages/alerts.js';
import reports from './pages/reports.js';
import evidence from './pages/evidence.js';
import lists from './pages/lists.js';
import settings from './pages/settings.js';
import audit from './pages/audit.js';
import accounts from './pages/accounts.js';
import branches from './pages/branches.js';

const pages = { overview, devices, groups, log, alerts, reports, evidence, lists, settings, audit, accounts, branches };
const titles = { overview: 'Overview', devices: 'Devices', groups: 'Groups', log: 'Query log', alerts: 'Alerts', reports: 'Reports', evidence: 'Evidence', lists: 'Lists', settings: 'Settings', audit: 'Audit log', accounts: 'Accounts and tokens', branches: 'Branches' };
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const menu = document.getElementById('menu-toggle');
let session = null;
let dispose = null;

async function start() {
  try {
    session = await get('/api/session');
  } catch (error) {
    clear(main, el('p', { class: 'error' }, `HomeFilter is not answering: ${error.message}`));
    return;
  }
  setCsrfToken(session.csrfToken);
  if (session.setupRequired) return showSetup();
  if (!session.authenticated) return showLogin();
  showShell();
  route();
}

function showShell() {
  nav.hidden = false;
  menu.hidden = false;
  document.body.dataset.role = session.role;
  clear(document.getElementById('who'),
    el('span', {}, `${session.user} · ${session.role}`),
    el('button', { type: 'button', onclick: logout }, 'Log out'));
}

function hideShell() {
  nav.hidden = true;
  menu.hidden = true;
  clear(document.getElementById('who'));
}

function showSetup() {
  hideShell();
  document.title = 'Set up HomeFilter';
  if (!session.setupAllowed) {
    clear(main, el('section', { class: 'card form-narrow' },
      el('h1', {}, 'Set up HomeFilter'),
      el('p', {}, 'No account exists yet. For safety the first admin account can only be made from the machine HomeFilter runs on: open this page there (for example http://127.0.0.1:8080), or start HomeFilter with HomeFilter:Admin:InitialPassword set.')));
    return;
  }
  const user = el('input', { name: 'username', autocomplete: 'username', required: true, value: 'admin' });
  const password = el('input', { type: 'password', name: 'password', autocomplete: 'new-password', required: true, minlength: 10 });
  const repeat = el('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: 10 });
  const message = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'card form-narrow', onsubmit: async event => {
    event.preventDefault();
    if (password.value !== repeat.value) { message.textContent = 'The two passwords differ.'; return; }
    try {
      session = await post('/api/setup', { userName: user.value, password: password.value });
      setCsrfToken(session.csrfToken);
      location.hash = '#/overview';
      showShell();
      route();
    } catch (error) { message.textContent = error.message; }
  } },
  el('h1', {}, 'Welcome to HomeFilter'),
  el('p', {}, 'Create the admin account. There is no default password: choose one of at least 10 characters and keep it safe.'),
  field('User name', user, 'setup-user'),
  field('Password', password, 'setup-password'),
  field('Password again', repeat, 'setup-repeat'),
  message,
  el('button', { type: 'submit' }, 'Create account'));
  clear(main, form);
  user.focus();
}

function showLogin() {
  hideShell();
  document.title = 'Log in · HomeFilter';
  const user = el('input', { name: 'username', autocomplete: 'username', required: true });
  const password = el('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const message = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'card form-narrow', onsubmit: async event => {
    event.preventDefault();
    try {
      session = await post('/api/login', { userName: user.value, password: password.value });
      setCsrfToken(session.csrfToken);
      showShell();
      route();
    } catch (error) { message.textContent = error.message; }
  } },
  el('h1', {}, 'Log in'),
  field('User name', user, 'login-user'),
  field('Password', password, 'login-password'),
  message,
  el('button', { type: 'submit' }, 'Log in'));
  clear(main, form);
  user.focus();
}

async function logout() {
  try { await post('/api/logout'); } catch { /* the session may be gone already */ }
  session = await get('/api/session');
  setCsrfToken(session.csrfToken);
  showLogin();
}

async function route() {
  if (!session?.authenticated) return;
  const [name, ...rest] = (location.hash.replace(/^#\/?/, '') || 'overview').split('/');
  const page = pages[name] ? name : 'overview';
  for (const link of nav.querySelectorAll('a')) {
    if (link.getAttribute('href') === `#/${page}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (dispose) { try { dispose(); } catch { /* ignore */ } dispose = null; }
  document.title = `${titles[page]} · HomeFilter`;
  const container = el('div', { id: `page-${page}` });
  clear(main, el('h1', {}, titles[page]), container);
  nav.classList.add('collapsed');
  menu.setAttribute('aria-expanded', 'false');
  try {
    dispose = await pages[page](container, { isAdmin: session.role === 'admin', args: rest, session });
  } catch (error) {
    container.append(el('p', { class: 'error' }, error.message));
  }
}

menu.addEventListener('click', () => {
  const open = nav.classList.toggle('collapsed') === false;
  menu.setAttribute('aria-expanded', String(open));
});
window.addEventListener('hashchange', route);
window.addEventListener('homefilter:logged-out', async () => {
  toast('Your session has ended; please log in again.', true);
  session = await get('/api/session');
  setCsrfToken(session.csrfToken);
  showLogin();
});
start();
