// Accounts for people (admin or viewer) and named API tokens for automation (shown once, stored hashed).
import { get, post, patch, del } from '../api.js';
import { el, clear, time, act, table, field } from '../ui.js';

export default async function accounts(container, context) {
  const people = el('section', { class: 'card' });
  const tokens = el('section', { class: 'card' });
  container.append(people, tokens, el('section', { class: 'card' }, el('h2', {}, 'API'),
    el('p', {}, 'Every endpoint is described in the OpenAPI document ', el('a', { href: '/openapi/v1.json' }, '/openapi/v1.json'), ' and browsable in the ', el('a', { href: '/api/reference' }, 'API reference'), '.')));
  const load = async () => {
    const [accountList, tokenList] = await Promise.all([get('/api/accounts'), get('/api/tokens')]);
    clear(people, el('h2', {}, 'People'),
      table(['User', 'Role', 'Created', 'Last login', ''], accountList.map(a => el('tr', {},
        el('td', {}, a.userName), el('td', {}, a.role), el('td', {}, time(a.createdUtc)), el('td', {}, time(a.lastLoginUtc)),
        el('td', {}, context.isAdmin && a.userName !== context.session.user ? [
          el('button', { type: 'button', class: 'secondary', onclick: event => act(event.target, async () => { await patch(`/api/accounts/${encodeURIComponent(a.userName)}`, { role: a.role === 'admin' ? 'viewer' : 'admin' }); await load(); }, 'Role changed') }, a.role === 'admin' ? 'Make viewer' : 'Make admin'), ' ',
          el('button', { type: 'button', class: 'danger', onclick: event => { if (confirm(`Delete ${a.userName}?`)) act(event.target, async () => { await del(`/api/accounts/${encodeURIComponent(a.userName)}`); await load(); }, 'Account deleted'); } }, 'Delete'),
        ] : null))), { label: 'Accounts' }),
      context.isAdmin ? newAccountForm(load) : null,
      passwordForm(context));
    clear(tokens, el('h2', {}, 'API tokens'),
      el('p', { class: 'muted' }, 'For scripts and home automation: send Authorization: Bearer <token>. A token is shown once when made.'),
      table(['Name', 'Role', 'Created', 'By', 'Last used', ''], tokenList.map(t => el('tr', {},
        el('td', {}, t.name), el('td', {}, t.role), el('td', {}, time(t.createdUtc)), el('td', {}, t.createdBy), el('td', {}, time(t.lastUsedUtc)),
        el('td', {}, context.isAdmin ? el('button', { type: 'button', class: 'danger', onclick: event => act(event.target, async () => { await del(`/api/tokens/${t.id}`); await load(); }, 'Token revoked') }, 'Revoke') : null))), { label: 'API tokens', empty: 'No token yet.' }),
      context.isAdmin ? newTokenForm(load) : null);
  };
  await load();
}

function newAccountForm(reload) {
  const user = el('input', { autocomplete: 'off' });
  const password = el('input', { type: 'password', autocomplete: 'new-password', minlength: 10 });
  const role = el('select', {}, el('option', { value: 'viewer' }, 'viewer — reads logs, reports and alerts'), el('option', { value: 'admin' }, 'admin — changes anything'));
  return el('form', { class: 'mt', onsubmit: event => { event.preventDefault(); act(event.submitter, async () => { await post('/api/accounts', { userName: user.value.trim(), password: password.value, role: role.value }); await reload(); }, 'Account created'); } },
    el('h2', {}, 'Add a person'),
    el('div', { class: 'inline' }, field('User name', user, 'new-user'), field('Password (10+ characters)', password, 'new-password'), field('Role', role, 'new-role'), el('button', { type: 'submit' }, 'Add')));
}

function passwordForm(context) {
  if (!context.isAdmin) return null;
  const password = el('input', { type: 'password', autocomplete: 'new-password', minlength: 10 });
  return el('form', { class: 'mt', onsubmit: event => { event.preventDefault(); act(event.submitter, () => patch(`/api/accounts/${encodeURIComponent(context.session.user)}`, { password: password.value }), 'Password changed'); } },
    el('h2', {}, 'Change my password'),
    el('div', { class: 'inline' }, field('New password', password, 'my-password'), el('button', { type: 'submit' }, 'Change')));
}

function newTokenForm(reload) {
  const name = el('input', { placeholder: 'e.g. home-assistant' });
  const role = el('select', {}, el('option', { value: 'viewer' }, 'viewer'), el('option', { value: 'admin' }, 'admin'));
  const shown = el('div', { role: 'status' });
  return el('form', { class: 'mt', onsubmit: event => { event.preventDefault(); act(event.submitter, async () => {
    const created = await post('/api/tokens', { name: name.value.trim(), role: role.value });
    await reload();
    const box = document.getElementById('token-secret-box');
    if (box) clear(box, el('p', {}, 'Copy this token now; it is not shown again:'), el('code', { id: 'token-secret' }, created.secret));
  }, 'Token created'); } },
  el('h2', {}, 'Make a token'),
  el('div', { class: 'inline' }, field('Name', name, 'token-name'), field('Role', role, 'token-role'), el('button', { type: 'submit' }, 'Make token')),
  el('div', { id: 'token-secret-box' }, shown));
}
