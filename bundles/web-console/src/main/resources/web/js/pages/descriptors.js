// Descriptors: the device files of conf/devices. View, edit in place or load a file from this
// computer, validate with the gateway's own checks (the same as 'mviot-edge check'), save (the
// gateway validates again and applies it live; a file with problems is not written), delete.
// Every problem is listed at its JSON path; choosing one selects that place in the text.

import { ApiError, del, get, post, put, seg } from '../api.js';
import { badge, h, replace, table, text } from '../dom.js';
import { locate } from '../jsonpath.js';

/** Larger files are refused before they are sent (the server has its own bound too). */
const MAX_UPLOAD_BYTES = 256 * 1024;
const NEW_TEMPLATE = `{
  "id": "my-device",
  "driver": "sim",
  "channels": [
    { "name": "value", "type": "double", "poll": "1s", "address": { "signal": "sine" } }
  ]
}
`;

export async function render(main, ctx, file) {
  const listBox = h('div', { id: 'descriptors-list' });
  const name = h('input', { id: 'descriptor-file', name: 'file', type: 'text', placeholder: 'device.json', autocomplete: 'off', spellcheck: 'false' });
  const area = h('textarea', { id: 'descriptor-text', name: 'text', rows: 20, spellcheck: 'false', autocomplete: 'off', wrap: 'off' });
  const problems = h('ul.problems', { id: 'descriptor-problems' });
  const result = h('p.result', { id: 'descriptor-result', role: 'status' });
  const upload = h('input', { id: 'descriptor-upload', type: 'file', accept: '.json,application/json' });
  const confirmDelete = h('button.danger', { id: 'descriptor-delete-confirm', type: 'button', hidden: true }, 'Really delete');

  const say = (message, kind) => {
    result.className = `result ${kind || ''}`;
    text(result, message);
  };
  const showProblems = (list) => {
    replace(problems, (list || []).map((p) => h('li', { dataset: { path: p.path || '' } },
      h('button.link.path', { type: 'button', title: 'show in the text', onclick: () => select(area, p.path) }, p.path || '$'),
      ' ', h('span.message', null, p.message))));
  };
  const fileName = () => name.value.trim();

  let known = new Map(); // file -> its entry in the list (with the problems the gateway found in it)
  const refreshList = async () => {
    const list = await get('/descriptors');
    if (!ctx.current()) return;
    known = new Map(list.map((d) => [d.file, d]));
    replace(listBox, list.length === 0 ? h('p', null, 'No device files yet. (Devices a driver bundle describes, such as the sim demo devices, have no file here.)')
      : table(['File', 'Device', 'Driver', 'State'], list.map((d) => h('tr', { dataset: { file: d.file } },
        h('td', null, h('a', { href: `#/descriptors/${encodeURIComponent(d.file)}` }, d.file)),
        h('td', null, d.device || ''),
        h('td', null, d.driver || ''),
        h('td', null, badge(d.state), Array.isArray(d.problems) && d.problems.length
          ? h('span.muted', null, ` ${d.problems.length} problem${d.problems.length === 1 ? '' : 's'}`) : null))), { id: 'descriptors-table' }));
  };

  const open = async (f) => {
    showProblems([]);
    say('');
    try {
      const content = await get(`/descriptors/${seg(f)}`, { expect: 'text' });
      name.value = f;
      area.value = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
      const entry = known.get(f);
      const found = entry && Array.isArray(entry.problems) ? entry.problems : [];
      showProblems(found);
      say(found.length ? `${f}: the gateway refused it (${found.length} problem${found.length === 1 ? '' : 's'})` : `${f}: as the gateway has it`, found.length ? 'err' : '');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) throw e;
      say(e.message, 'err');
    }
  };

  const validate = async () => {
    say('validating…');
    try {
      const f = fileName();
      const query = f ? `?file=${seg(f)}` : '';
      const answer = await post(`/descriptors/validate${query}`, { body: area.value, headers: { 'Content-Type': 'application/json' } });
      const list = (answer && answer.problems) || [];
      showProblems(list);
      say(list.length === 0 ? 'valid: no problems' : `${list.length} problem${list.length === 1 ? '' : 's'}`, list.length === 0 ? 'ok' : 'err');
    } catch (e) {
      problemsOrMessage(e);
    }
  };

  const problemsOrMessage = (e) => {
    if (e.body && Array.isArray(e.body.problems)) {
      showProblems(e.body.problems);
      say(`not saved: ${e.body.problems.length} problem${e.body.problems.length === 1 ? '' : 's'}`, 'err');
    } else {
      showProblems([]);
      say(e.message, 'err');
    }
  };

  const save = async () => {
    const f = fileName();
    if (!f) {
      say('name the file first (for example pump.json)', 'err');
      name.focus();
      return;
    }
    say('saving…');
    try {
      await put(`/descriptors/${seg(f)}`, { body: area.value, headers: { 'Content-Type': 'application/json' } });
      showProblems([]);
      say(`saved ${f}: the gateway applies it now`, 'ok');
      if (location.hash !== `#/descriptors/${encodeURIComponent(f)}`) history.replaceState(null, '', `#/descriptors/${encodeURIComponent(f)}`);
      await refreshList();
    } catch (e) {
      problemsOrMessage(e);
    }
  };

  const remove = async () => {
    const f = fileName();
    confirmDelete.hidden = true;
    try {
      await del(`/descriptors/${seg(f)}`);
      say(`deleted ${f}: its device is removed`, 'ok');
      area.value = '';
      name.value = '';
      showProblems([]);
      await refreshList();
    } catch (e) {
      say(e.message, 'err');
    }
  };
  confirmDelete.addEventListener('click', remove);

  upload.addEventListener('change', async () => {
    const f = upload.files && upload.files[0];
    if (!f) return;
    if (f.size > MAX_UPLOAD_BYTES) {
      say(`${f.name} is ${f.size} bytes: device files are at most ${MAX_UPLOAD_BYTES} bytes`, 'err');
      upload.value = '';
      return;
    }
    name.value = f.name;
    area.value = await f.text();
    upload.value = '';
    say(`${f.name} loaded from this computer: not saved yet`);
    await validate();
  });

  replace(main, h('div.page', { id: 'descriptors' },
    h('h1', null, 'Descriptors'),
    h('div.split', null,
      h('section.card', null, h('h2', null, 'Device files'), listBox,
        h('p', null, h('button', { id: 'descriptor-new', type: 'button', onclick: () => {
          name.value = '';
          area.value = NEW_TEMPLATE;
          showProblems([]);
          say('a new file: name it, edit, validate, save');
          name.focus();
        } }, 'New file'))),
      h('section.card.editor', { id: 'descriptor-editor' },
        h('h2', null, 'Edit'),
        h('div.row', null, h('label', { for: 'descriptor-file' }, 'File'), name),
        area,
        h('div.row.buttons', null,
          h('button', { id: 'descriptor-validate', type: 'button', onclick: validate }, 'Validate'),
          h('button.primary', { id: 'descriptor-save', type: 'button', onclick: save }, 'Save'),
          h('button.danger', { id: 'descriptor-delete', type: 'button', onclick: () => {
            if (!fileName()) return;
            confirmDelete.hidden = false;
            text(confirmDelete, `Really delete ${fileName()}`);
          } }, 'Delete'),
          confirmDelete,
          h('label.upload', null, 'Load a file… ', upload)),
        result,
        problems))));

  await refreshList();
  if (file) await open(file);
}

/** Selects the text at a JSON path in the textarea (or the closest enclosing part that exists). */
function select(area, path) {
  const range = locate(area.value, path);
  if (!range) return;
  area.focus();
  area.setSelectionRange(range.start, range.end);
  // bring the selection into view: a textarea scrolls to its caret only on some browsers
  const line = area.value.slice(0, range.start).split('\n').length - 1;
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
  area.scrollTop = Math.max(0, line * lineHeight - area.clientHeight / 3);
}
