// The list catalog on the lists page: presets, and per category the public lists to choose from, what each adds,
// and an apply button. Files and URLs a policy names beside catalog lists are left as they are.
import { get, put, post } from '../api.js';
import { el, clear, act, number } from '../ui.js';

export async function catalogSection(context, reload) {
  const data = await get('/api/lists/catalog');
  if (!data.lists.length) return el('p', { class: 'muted' }, 'The list catalog (blocklists/catalog.json) is not installed beside the program.');
  const categories = [];
  for (const list of data.lists) if (!categories.includes(list.category)) categories.push(list.category);
  return el('div', { class: 'catalog' },
    el('h2', {}, 'Presets'),
    data.presets.map(preset => presetCard(preset, data.lists, context, reload)),
    el('h2', {}, 'Catalog of public lists'),
    el('p', { class: 'muted' }, 'Tick the lists a category is made of and apply: HomeFilter downloads them, keeps them current and keeps the last good copy if a download fails. Sizes are rough counts of a recent copy.'),
    categories.map(category => categoryCard(category, data.lists.filter(l => l.category === category), context, reload)));
}

function presetCard(preset, lists, context, reload) {
  const name = id => (lists.find(l => l.id === id) || { name: id }).name;
  return el('section', { class: 'card', dataset: { preset: preset.id } },
    el('h3', {}, preset.name),
    el('p', {}, preset.description),
    el('ul', {}, Object.entries(preset.categories).map(([category, ids]) => el('li', {},
      el('strong', {}, category), preset.block.includes(category) ? ' (blocked for devices in no group)' : '', ': ', ids.map(name).join(', ')))),
    context.isAdmin ? el('button', { type: 'button', onclick: event => act(event.target, async () => {
      await post(`/api/lists/presets/${encodeURIComponent(preset.id)}/apply`);
      await reload();
    }, `${preset.name} preset applied`) }, `Use the ${preset.name.toLowerCase()} preset`) : null);
}

function categoryCard(category, lists, context, reload) {
  const boxes = lists.map(list => el('input', { type: 'checkbox', value: list.id, checked: list.usedIn.includes(category), disabled: !context.isAdmin, 'aria-label': `${list.name} in ${category}` }));
  const adds = el('p', { class: 'muted', 'aria-live': 'polite' });
  const summarise = () => {
    const added = lists.filter((l, i) => boxes[i].checked && !l.usedIn.includes(category));
    const removed = lists.filter((l, i) => !boxes[i].checked && l.usedIn.includes(category));
    const size = added.reduce((total, l) => total + l.approximateEntries, 0);
    clear(adds, added.length || removed.length
      ? `Applying adds ${added.length} list(s), about ${number(size)} names${removed.length ? `, and removes ${removed.length}` : ''}.`
      : 'No change to apply.');
  };
  boxes.forEach(box => box.addEventListener('change', summarise));
  summarise();
  return el('section', { class: 'card', dataset: { catalogCategory: category } },
    el('h3', {}, category),
    lists.map((list, i) => el('div', { class: 'catalog-entry' },
      el('label', { class: 'switch' }, boxes[i],
        el('span', {}, el('strong', {}, list.name), ` — ${list.description}`)),
      el('div', { class: 'muted' },
        `${list.sizeMeasured ? '' : 'over '}${number(list.approximateEntries)} names · ${list.format}${list.compression === 'none' ? '' : ` (${list.compression})`} · licence ${list.licence} · `,
        el('a', { href: list.homepage, rel: 'noopener noreferrer', target: '_blank' }, 'homepage'), ' · id ', el('code', {}, list.id)),
      list.notes ? el('div', { class: 'warning' }, list.notes) : null)),
    adds,
    context.isAdmin ? el('button', { type: 'button', onclick: event => act(event.target, async () => {
      await put(`/api/lists/catalog/${encodeURIComponent(category)}`, { lists: boxes.filter(b => b.checked).map(b => b.value) });
      await reload();
    }, `Lists of ${category} applied`) }, `Apply ${category}`) : null);
}
