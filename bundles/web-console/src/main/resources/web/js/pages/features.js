// Features and bundles: install or uninstall a feature of the distribution, see the bundles that
// run, and upload a driver bundle jar (hot deploy). A refusal shows the gateway's reason (does not
// resolve, not signed in secure mode, …).

import { del, get, post, seg } from '../api.js';
import { badge, h, replace, table, text } from '../dom.js';

/** Larger jars are refused before they are sent (the server has its own bound too). */
const MAX_JAR_BYTES = 16 * 1024 * 1024;

export async function render(main, ctx) {
  const featuresBox = h('div', { id: 'features-list' });
  const bundlesBox = h('div', { id: 'bundles-list' });
  const featureResult = h('p.result', { id: 'feature-result', role: 'status' });
  const bundleResult = h('p.result', { id: 'bundle-result', role: 'status' });
  const jar = h('input', { id: 'bundle-file', type: 'file', accept: '.jar,application/java-archive' });

  const say = (el, message, kind) => {
    el.className = `result ${kind || ''}`;
    text(el, message);
  };

  const refresh = async () => {
    const [features, bundles] = await Promise.all([get('/features'), get('/bundles')]);
    if (!ctx.current()) return;
    replace(featuresBox, table(['Feature', 'Description', 'State', ''], features.map((f) => {
      // profile: started by the hardware profile (not uninstallable here); installed: hot-installed; available
      const state = f.state || (f.installed ? 'installed' : 'available');
      const requires = Array.isArray(f.requires) ? f.requires.join(', ') : f.requires;
      return h('tr', { dataset: { feature: f.name } },
        h('th', { scope: 'row' }, f.name),
        h('td', null, f.description || '', requires ? h('span.muted', null, ` (requires ${requires})`) : null),
        h('td.installed', null, badge(state)),
        h('td', null, state === 'profile' ? h('span.muted', null, 'started by the profile')
          : h('button', { type: 'button', class: f.installed ? 'danger' : 'primary', dataset: { action: f.installed ? 'uninstall' : 'install' },
            onclick: (e) => change(e.currentTarget, f) }, f.installed ? 'Uninstall' : 'Install')));
    }), { id: 'features-table' }));
    replace(bundlesBox, bundlesTable(bundles));
  };

  const change = async (button, f) => {
    button.disabled = true;
    const verb = f.installed ? 'uninstall' : 'install';
    say(featureResult, `${verb}ing ${f.name}…`);
    try {
      const answer = f.installed ? await del(`/features/${seg(f.name)}`) : await post(`/features/${seg(f.name)}`);
      const done = `${f.name} ${f.installed ? 'uninstalled' : 'installed'}`;
      say(featureResult, answer && answer.message ? `${done}: ${answer.message}` : done, 'ok');
    } catch (e) {
      say(featureResult, `${f.name}: ${e.message}`, 'err');
    }
    await refresh();
  };

  const upload = async (e) => {
    e.preventDefault();
    const f = jar.files && jar.files[0];
    if (!f) {
      say(bundleResult, 'choose a .jar first', 'err');
      return;
    }
    if (f.size > MAX_JAR_BYTES) {
      say(bundleResult, `${f.name} is ${f.size} bytes: bundles are at most ${MAX_JAR_BYTES} bytes`, 'err');
      return;
    }
    say(bundleResult, `uploading ${f.name}…`);
    try {
      const answer = await post('/bundles', { body: f, headers: { 'Content-Type': 'application/java-archive', 'X-File-Name': f.name } });
      say(bundleResult, `${f.name}: ${(answer && answer.status) || 'deployed'}${describe(answer)}`, 'ok');
      jar.value = '';
    } catch (err) {
      say(bundleResult, `${f.name} refused: ${err.message}`, 'err');
    }
    await refresh();
  };

  replace(main, h('div.page', { id: 'features' },
    h('h1', null, 'Features and bundles'),
    h('section.card', null, h('h2', null, 'Features'), featureResult, featuresBox),
    h('section.card', null, h('h2', null, 'Driver bundles'),
      h('form.row', { id: 'bundle-upload', onsubmit: upload },
        h('label', { for: 'bundle-file' }, 'Driver bundle (.jar)'), jar,
        h('button.primary', { id: 'bundle-upload-submit', type: 'submit' }, 'Upload and start')),
      bundleResult,
      bundlesBox)));
  await refresh();
}

function describe(answer) {
  if (!answer || typeof answer !== 'object') return '';
  const name = answer.symbolicName || answer.name;
  const parts = [name, answer.version, answer.note].filter(Boolean);
  return parts.length ? ` (${parts.join(' ')})` : '';
}

/** Bundles as the server lists them: the usual columns first, whatever else it says after. */
function bundlesTable(bundles) {
  if (!Array.isArray(bundles) || bundles.length === 0) return h('p', null, 'No bundles listed.');
  const preferred = ['id', 'symbolicName', 'name', 'version', 'state'];
  const keys = [...new Set(bundles.flatMap((b) => Object.keys(b || {})))]
    .filter((k) => bundles.every((b) => b[k] === null || b[k] === undefined || typeof b[k] !== 'object'))
    .sort((a, b) => (preferred.indexOf(a) + 1 || 99) - (preferred.indexOf(b) + 1 || 99));
  return table(keys, bundles.map((b) => h('tr', { dataset: { bundle: b.symbolicName || b.name || b.id } },
    keys.map((k) => h('td', null, k === 'state' ? badge(b[k]) : b[k] === null || b[k] === undefined ? '' : String(b[k]))))), { id: 'bundles-table' });
}
