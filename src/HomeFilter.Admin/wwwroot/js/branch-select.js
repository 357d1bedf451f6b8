// The Branch filter of the pages that read a branch network's log: "all branches" and each branch listed (a branch
// admin's list holds its own alone). A single site lists none: the pages then show no filter at all.
import { get } from './api.js';
import { el } from './ui.js';

// startHere: start on this resolver's own branch (its devices are that branch's; the same address elsewhere is another device).
export async function branchSelect(id, { startHere = false } = {}) {
  const network = await get('/api/branches').catch(() => []);
  const here = startHere && network.length ? await get('/api/branch/status').catch(() => null) : null;
  const select = el('select', { id }, el('option', { value: '' }, 'all branches'),
    network.map(b => el('option', { value: b.id, selected: b.id === here?.branch }, b.id)));
  return { network, select };
}
