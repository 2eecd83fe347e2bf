// The moderators' page. No framework and no build step: plain modules the browser runs as they are.
// Comment text, author names and every other value from the API are untrusted. They only ever reach
// the page through textContent (the h() helper below); innerHTML is never used. The server's
// Content-Security-Policy forbids inline script as a second line of defence.

const $ = (id) => document.getElementById(id);

/** Creates an element; string children become text nodes, never markup. */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'text') el.textContent = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const state = {
  me: null,
  site: null,
  view: 'queue',
  reasons: { approve: ['Acceptable'], reject: ['Other'] },
  queue: { items: [], index: -1, total: 0 },
  search: { items: [], index: -1 },
  selected: new Map(), // key -> item, for bulk actions
  detail: null,        // the comment shown in the current view
  deciding: false,     // a decision is on its way to the server
  historyOpen: false,
  events: null,
  lastSignal: null,
  auditBefore: null,
};

const keyOf = (item) => `${item.commentId}\u0000${item.revision}`;
const enc = encodeURIComponent;

// ---------------------------------------------------------------- API

class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

async function api(path, { method = 'GET', body } = {}) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('content-type') || '';
  const data = response.status === 204 ? null : type.includes('json') ? await response.json() : await response.text();
  if (response.status === 401 && !path.startsWith('/api/v1/session')) {
    showLogin('Your session ended. Sign in again.', true);
  }
  if (!response.ok) throw new ApiError(response.status, typeof data === 'object' ? data : { detail: data });
  return data;
}

const sitePath = (rest) => `/api/v1/review/${enc(state.site)}${rest}`;

// ---------------------------------------------------------------- formatting

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function ago(iso) {
  const seconds = (Date.now() - new Date(iso).getTime()) / 1000;
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  if (seconds < 86400 * 7) return `${Math.floor(seconds / 86400)} d ago`;
  return timeFormat.format(new Date(iso));
}

function timeEl(iso) {
  return h('time', { datetime: iso, title: timeFormat.format(new Date(iso)) }, ago(iso));
}

function riskClass(score) {
  if (score === null || score === undefined) return 'risk-none';
  if (score >= 0.8) return 'risk-high';
  if (score >= 0.5) return 'risk-mid';
  return 'risk-low';
}

function scoreBadge(score) {
  return h('span', { class: `score ${riskClass(score)}`, title: 'Highest classifier score' },
    score === null || score === undefined ? '–' : score.toFixed(2));
}

function stateBadge(value) {
  return h('span', { class: `state state-${String(value).toLowerCase()}` }, value);
}

/** Readers' open reports: "Reported ×3", with the readers' reasons beside it in the detail, on hover in the list. */
function reportsBadge(reports) {
  if (!reports || reports.count === 0) return null;
  const reasons = reports.reasons.map((r) => `${label(r.reason)} ${r.count}`).join(' · ');
  return h('span', { class: 'reported', title: `Readers' reasons: ${reasons}` }, `Reported ×${reports.count}`);
}

function reportReasons(reports) {
  if (!reports || reports.count === 0) return null;
  return h('span', { class: 'report-reasons muted' }, reports.reasons.map((r) => `${label(r.reason)} ${r.count}`).join(' · '));
}

/** Only http(s) links are shown as links; anything else (javascript:, data:) stays plain text. */
function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- toasts

let toastTimer;
function toast(message, kind = 'info') {
  const el = $('toast');
  el.textContent = message;
  el.className = `toast toast-${kind}`;
  el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, kind === 'error' ? 8000 : 3000);
}

// ---------------------------------------------------------------- sign-in

function showLogin(message, isError = false) {
  state.events?.close();
  state.events = null;
  $('toast').hidden = true;
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('login-error').className = isError ? 'error' : 'muted';
  $('login-user').focus();
}

async function signIn(event) {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    const me = await api('/api/v1/session', { method: 'POST', body: { userName: $('login-user').value, password: $('login-password').value } });
    $('login-password').value = '';
    await start(me);
  } catch (error) {
    $('login-error').className = 'error';
    $('login-error').textContent = error.status === 429 ? 'Too many attempts. Wait a minute and try again.' : 'The user name or password is wrong.';
  }
}

async function signOut() {
  await api('/api/v1/session', { method: 'DELETE' }).catch(() => {});
  showLogin('You signed out.');
}

// ---------------------------------------------------------------- start

async function start(me) {
  state.me = me;
  $('login').hidden = true;
  $('app').hidden = false;
  $('me').textContent = `${me.displayName} · ${me.role}`;
  // Only administrators may call the model API; a moderator's page has no Models view at all.
  $('models-tab').hidden = me.role !== 'admin';
  if (me.role !== 'admin' && state.view === 'models') setView('queue');
  const picker = $('site');
  picker.replaceChildren(...me.sites.map((s) => h('option', { value: s }, s)));
  const remembered = localStorage.getItem('moderation.site');
  state.site = me.sites.includes(remembered) ? remembered : me.sites[0];
  picker.value = state.site;
  state.reasons = await api('/api/v1/review/reasons');
  $('bulk-reason').replaceChildren(...state.reasons.reject.map((r) => h('option', { value: r }, label(r))));
  if (!state.site) {
    $('queue-detail').replaceChildren(h('p', { class: 'empty' }, 'You are not a moderator of any site yet. Ask an administrator.'));
    return;
  }
  await switchSite(state.site);
}

async function switchSite(site) {
  state.site = site;
  localStorage.setItem('moderation.site', site);
  state.selected.clear();
  state.queue = { items: [], index: -1, total: 0 };
  state.detail = null;
  connectLive();
  await loadQueue({ keepPosition: false });
  if (state.view === 'audit') await loadAudit(true);
  if (state.view === 'models') { $('models-error').textContent = ''; await loadModels(); }
}

// ---------------------------------------------------------------- live updates

function connectLive() {
  state.events?.close();
  state.lastSignal = null;
  const source = new EventSource(sitePath('/events'));
  state.events = source;
  source.addEventListener('open', () => setLive(true));
  source.addEventListener('error', () => setLive(false));
  source.addEventListener('queue', (event) => {
    setLive(true);
    const signal = JSON.parse(event.data);
    $('queue-count').textContent = String(signal.held);
    const changed = state.lastSignal && (state.lastSignal.held !== signal.held || state.lastSignal.newest !== signal.newest);
    const grew = state.lastSignal && signal.newest && signal.newest !== state.lastSignal.newest;
    state.lastSignal = signal;
    if (changed) {
      loadQueue({ keepPosition: true });
      if (grew && state.view !== 'queue') toast('New comments are waiting in the queue.');
    }
  });
}

function setLive(on) {
  const el = $('live');
  el.classList.toggle('off', !on);
  el.title = on ? 'Live: new held comments appear by themselves' : 'Reconnecting…';
}

// ---------------------------------------------------------------- queue

function filterQuery() {
  const params = new URLSearchParams();
  const form = $('filters');
  for (const name of ['sort', 'reason', 'minScore', 'maxScore', 'thread', 'author']) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  // Dates are whole days in the moderator's time zone: from the start of "from" to the end of "to".
  const from = form.elements.from.value;
  const to = form.elements.to.value;
  if (from) params.set('from', new Date(`${from}T00:00:00`).toISOString());
  if (to) {
    const end = new Date(`${to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    params.set('to', end.toISOString());
  }
  params.set('limit', '100');
  return params.toString();
}

let loading = null;
async function loadQueue({ keepPosition }) {
  const openKey = state.detail && state.view === 'queue' ? keyOf(state.detail) : null;
  const request = api(sitePath(`/queue?${filterQuery()}`));
  loading = request;
  let page;
  try {
    page = await request;
  } catch (error) {
    if (error.status !== 401) toast(error.message, 'error');
    return;
  }
  if (loading !== request) return; // a newer load superseded this one
  state.queue.items = page.items;
  state.queue.total = page.total;
  for (const key of [...state.selected.keys()]) {
    if (!page.items.some((i) => keyOf(i) === key)) state.selected.delete(key);
  }
  if (keepPosition && openKey) {
    const at = page.items.findIndex((i) => keyOf(i) === openKey);
    if (at >= 0) {
      state.queue.index = at;
      state.queue.detached = false;
    } else if (!state.queue.detached) {
      // The comment open on screen was decided elsewhere: keep showing it rather than swap another in
      // under the moderator's fingers (a key pressed a moment later must not decide a comment they have
      // not read). Deciding it now answers with the conflict; j / k move on. The index points just before.
      state.queue.detached = true;
      state.queue.index = Math.min(state.queue.index, page.items.length) - 1;
    } else {
      state.queue.index = Math.min(state.queue.index, page.items.length - 1);
    }
    renderQueue();
    return;
  }
  state.queue.detached = false;
  renderQueue();
  if (page.items.length === 0) {
    state.queue.index = -1;
    showDetail(null, $('queue-detail'));
    return;
  }
  await selectIndex(keepPosition ? Math.max(0, Math.min(state.queue.index, page.items.length - 1)) : 0);
}

function renderQueue() {
  const list = $('queue-list');
  list.replaceChildren(...state.queue.items.map((item, i) => queueRow(item, i, 'queue')));
  const more = state.queue.total - state.queue.items.length;
  if (more > 0) {
    list.append(h('li', { class: 'more' }, h('button', { type: 'button', class: 'ghost', onclick: loadMore }, `Show ${Math.min(more, 100)} more of ${more}`)));
  }
  $('queue-empty').hidden = state.queue.items.length > 0;
  $('list-total').textContent = state.queue.total === 0 ? '' : `${state.queue.items.length} of ${state.queue.total} held`;
  $('queue-count').textContent = String(state.queue.total);
  renderBulkBar();
  markActive();
}

async function loadMore() {
  try {
    const page = await api(sitePath(`/queue?${filterQuery()}&offset=${state.queue.items.length}`));
    const known = new Set(state.queue.items.map(keyOf));
    state.queue.items.push(...page.items.filter((i) => !known.has(keyOf(i))));
    state.queue.total = page.total;
    renderQueue();
  } catch (error) {
    if (error.status !== 401) toast(error.message, 'error');
  }
}

function queueRow(item, index, view) {
  const key = keyOf(item);
  const checkbox = view === 'queue'
    ? h('input', {
      type: 'checkbox', class: 'row-check', 'aria-label': 'Select for a bulk action',
      onclick: (e) => e.stopPropagation(),
      onchange: (e) => toggleSelected(item, e.target.checked),
    })
    : null;
  if (checkbox) checkbox.checked = state.selected.has(key);
  return h('li', {
    class: 'item', tabindex: '-1', dataset: { key, index: String(index) },
    onclick: () => (view === 'queue' ? selectIndex(index) : selectSearch(index)),
  },
  checkbox,
  h('div', { class: 'item-body' },
    h('div', { class: 'item-meta' },
      h('span', { class: 'author' }, item.authorName || item.authorId),
      h('span', { class: 'muted' }, '·'),
      timeEl(item.at),
      h('span', { class: 'muted thread', title: 'Thread' }, item.threadId),
      view === 'queue' ? scoreBadge(item.maxScore) : stateBadge(item.state)),
    h('p', { class: 'excerpt' }, item.text),
    h('div', { class: 'chips' }, reportsBadge(item.reports),
      item.reasonCodes.filter((c) => c !== 'Reported').map((c) => h('span', { class: 'chip' }, c)))));
}

function markActive() {
  const list = state.view === 'search' ? $('search-list') : $('queue-list');
  const index = state.view === 'search' ? state.search.index : state.queue.detached ? -1 : state.queue.index;
  for (const li of list.children) {
    const active = Number(li.dataset.index) === index;
    li.classList.toggle('active', active);
    li.setAttribute('aria-selected', String(active));
    if (active) li.scrollIntoView({ block: 'nearest' });
  }
}

async function selectIndex(index) {
  const items = state.queue.items;
  if (index < 0 || index >= items.length) return;
  state.queue.index = index;
  markActive();
  await openDetail(items[index], $('queue-detail'));
}

function move(delta) {
  if (state.view === 'search') {
    selectSearch(Math.max(0, Math.min(state.search.items.length - 1, state.search.index + delta)));
  } else {
    // After the open comment left the queue, index points just before where it was.
    const from = state.queue.detached && delta < 0 ? state.queue.index + 1 : state.queue.index;
    state.queue.detached = false;
    selectIndex(Math.max(0, Math.min(state.queue.items.length - 1, from + delta)));
  }
}

// ---------------------------------------------------------------- bulk selection

function toggleSelected(item, on) {
  const key = keyOf(item);
  if (on) state.selected.set(key, item);
  else state.selected.delete(key);
  renderBulkBar();
  const box = $('queue-list').querySelector(`li[data-index="${state.queue.items.indexOf(item)}"] .row-check`);
  if (box) box.checked = on;
}

function renderBulkBar() {
  $('bulk-bar').hidden = state.selected.size === 0;
  $('bulk-count').textContent = String(state.selected.size);
  const all = $('select-all');
  all.checked = state.queue.items.length > 0 && state.selected.size === state.queue.items.length;
  all.indeterminate = state.selected.size > 0 && state.selected.size < state.queue.items.length;
}

async function bulk(action) {
  if (state.selected.size === 0 || state.deciding) return;
  state.deciding = true;
  try {
    await bulkNow(action);
  } finally {
    state.deciding = false;
  }
}

async function bulkNow(action) {
  const items = [...state.selected.values()].map((i) => ({ commentId: i.commentId, revision: i.revision, version: i.version }));
  const body = { action, items };
  if (action === 'reject') body.reasonCode = $('bulk-reason').value;
  try {
    const result = await api(sitePath('/bulk'), { method: 'POST', body });
    state.selected.clear();
    const verb = action === 'approve' ? 'Approved' : 'Rejected';
    const conflicts = result.results.filter((r) => r.status === 'conflict');
    if (conflicts.length > 0) {
      toast(`${verb} ${result.decided}. ${conflicts.length} had already been decided (by ${[...new Set(conflicts.map((c) => c.decidedBy))].join(', ')}).`, 'error');
    } else {
      toast(`${verb} ${result.decided} comment${result.decided === 1 ? '' : 's'}.`, 'success');
    }
    await loadQueue({ keepPosition: false });
  } catch (error) {
    toast(error.message, 'error');
  }
}

// ---------------------------------------------------------------- one comment

async function openDetail(item, container) {
  state.historyOpen = false;
  try {
    const detail = await api(sitePath(`/comments/${enc(item.commentId)}/${item.revision}`));
    showDetail(detail, container);
  } catch (error) {
    if (error.status !== 401) container.replaceChildren(h('p', { class: 'empty' }, error.message));
  }
}

function showDetail(detail, container = state.view === 'search' ? $('search-detail') : $('queue-detail')) {
  state.detail = detail;
  // One comment on the page at a time, so ids such as #note and #approve are unique.
  const other = container.id === 'search-detail' ? $('queue-detail') : $('search-detail');
  other.replaceChildren();
  if (!detail) {
    container.replaceChildren(h('div', { class: 'empty detail-empty' },
      h('p', {}, 'Nothing selected.'),
      h('p', { class: 'muted' }, 'Press ', h('kbd', {}, 'j'), ' / ', h('kbd', {}, 'k'), ' to move through the queue, ', h('kbd', {}, '?'), ' for all shortcuts.')));
    return;
  }
  container.replaceChildren(renderDetail(detail));
}

/** Which rejection reason the pipeline's reasons suggest; the moderator can change it. */
function suggestedReject(detail) {
  // Readers' most frequent reason uses the moderators' own words; it is the best guess when there is one.
  const readers = detail.reports && detail.reports.count > 0 ? detail.reports.reasons[0].reason : null;
  if (readers && readers !== 'Other' && state.reasons.reject.includes(readers)) return readers;
  const codes = detail.reasons.filter((r) => !r.shadow && (r.action === 'Hold' || r.action === 'Reject')).map((r) => r.code);
  if (codes.includes('Spam') || codes.includes('TooManyLinks') || codes.includes('DeniedDomain') || codes.includes('Duplicate')) return 'Spam';
  if (codes.includes('Toxic')) return 'Toxic';
  return state.reasons.reject.includes('Other') ? 'Other' : state.reasons.reject[0];
}

function label(code) {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2');
}

function renderDetail(d) {
  const threadUrl = safeUrl(d.threadUrl);
  const authorUrl = safeUrl(d.author.url);
  const held = d.state === 'Held';

  const header = h('header', { class: 'detail-head' },
    h('div', { class: 'detail-title' },
      h('h2', {}, d.author.displayName || d.author.id),
      stateBadge(d.state),
      reportsBadge(d.reports),
      reportReasons(d.reports)),
    h('div', { class: 'detail-meta muted' },
      h('span', {}, 'author ', h('code', {}, d.author.id)),
      authorUrl ? h('a', { href: authorUrl, target: '_blank', rel: 'noopener noreferrer nofollow' }, 'website') : null,
      d.author.accountAgeDays !== null && d.author.accountAgeDays !== undefined ? h('span', {}, `account ${d.author.accountAgeDays} d old`) : null,
      d.author.role !== 'Reader' ? h('span', {}, d.author.role) : null,
      h('span', {}, 'thread ', threadUrl ? h('a', { href: threadUrl, target: '_blank', rel: 'noopener noreferrer nofollow' }, d.threadId) : h('code', {}, d.threadId)),
      h('span', {}, 'submitted ', timeEl(d.submittedAt)),
      d.revision > 0 ? h('span', {}, `edit #${d.revision}`) : null));

  const text = h('blockquote', { class: 'comment-text', lang: d.language || undefined }, highlight(d.text, d.reasons));

  const scores = h('section', { class: 'scores' },
    h('h3', {}, 'Scores'),
    d.scores.length === 0
      ? h('p', { class: 'muted' }, 'No classifier scored this comment.')
      : d.scores.map((s) => {
        const bar = h('span', { class: `bar-fill ${riskClass(s.value)}` });
        bar.style.width = `${Math.round(s.value * 100)}%`;
        return h('div', { class: 'score-row' },
          h('span', { class: 'score-name' }, s.name, s.shadow ? h('span', { class: 'muted' }, ' (shadow)') : null),
          h('span', { class: 'bar' }, bar),
          h('span', { class: 'score-value' }, s.value.toFixed(2)),
          h('span', { class: 'muted model' }, s.modelVersion));
      }));

  const reasons = h('section', { class: 'reasons' },
    h('h3', {}, 'Why it was held'),
    h('ul', {}, d.reasons.map((r) => h('li', { class: `reason action-${r.action.toLowerCase()}` },
      h('span', { class: 'chip' }, r.code),
      h('span', {}, r.message),
      r.shadow ? h('span', { class: 'muted' }, ' (shadow)') : null,
      r.evidence.length > 0 ? h('span', { class: 'evidence' }, r.evidence.map((e) => h('q', { title: e.detail ? `matched ${e.detail}` : e.field }, e.text))) : null))),
    h('p', { class: 'muted small' }, `Policy ${d.policyVersion} · decided ${timeFormat.format(new Date(d.pipelineDecidedAt))}`));

  let actions;
  if (held) {
    const reject = h('select', { id: 'reject-reason', 'aria-label': 'Reason for rejecting' },
      state.reasons.reject.map((r) => h('option', { value: r }, label(r))));
    reject.value = suggestedReject(d);
    actions = h('section', { class: 'actions' },
      h('input', { id: 'note', class: 'note', placeholder: 'Note (optional) — press n', maxlength: '1000', 'aria-label': 'Note' }),
      h('div', { class: 'buttons' },
        h('button', { type: 'button', class: 'approve', id: 'approve', onclick: () => decide(true) }, 'Approve ', h('kbd', {}, 'a')),
        reject,
        h('button', { type: 'button', class: 'reject', id: 'reject', onclick: () => decide(false) }, 'Reject ', h('kbd', {}, 'r')),
        h('button', { type: 'button', class: 'ghost', onclick: toggleHistory }, 'History ', h('kbd', {}, 'h'))));
  } else {
    actions = h('section', { class: 'actions decided' },
      d.moderator
        ? h('p', {}, `${d.moderator.outcome} by `, h('b', {}, d.moderator.decidedBy), ' ', timeEl(d.moderator.decidedAt),
          d.moderator.reasonCode ? ` · ${label(d.moderator.reasonCode)}` : '', d.moderator.note ? ` · “${d.moderator.note}”` : '')
        : h('p', {}, `${d.pipelineOutcome} automatically by the pipeline.`),
      h('button', { type: 'button', class: 'ghost', onclick: toggleHistory }, 'History ', h('kbd', {}, 'h')));
  }

  return h('div', { class: 'detail', dataset: { commentId: d.commentId } },
    header, text, actions, h('div', { class: 'detail-grid' }, reasons, scores), h('section', { id: 'history', class: 'history', hidden: true }));
}

/**
 * The text with evidence spans marked. Offsets are UTF-16 code units into the original text, the
 * same units as JavaScript string indices; overlapping spans are merged. Every piece is a text node.
 * Only reasons that decided are marked: a shadow rule or model is listed, but its evidence would
 * point the moderator at words that played no part in the hold.
 */
function highlight(text, reasons) {
  const spans = [];
  for (const reason of reasons.filter((r) => !r.shadow)) {
    for (const e of reason.evidence) {
      if (e.field === 'text' && Number.isInteger(e.start) && Number.isInteger(e.length) && e.length > 0 && e.start >= 0 && e.start + e.length <= text.length) {
        spans.push({ start: e.start, end: e.start + e.length, why: `${reason.code}${e.detail ? `: ${e.detail}` : ''}`, reject: reason.action === 'Reject' });
      }
    }
  }
  spans.sort((a, b) => a.start - b.start);
  const merged = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) {
      last.end = Math.max(last.end, span.end);
      if (!last.why.includes(span.why)) last.why += `, ${span.why}`;
      last.reject ||= span.reject;
    } else {
      merged.push({ ...span });
    }
  }
  const nodes = [];
  let at = 0;
  for (const span of merged) {
    if (span.start > at) nodes.push(document.createTextNode(text.slice(at, span.start)));
    nodes.push(h('mark', { class: span.reject ? 'mark-reject' : 'mark-hold', title: span.why }, text.slice(span.start, span.end)));
    at = span.end;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

async function decide(approve) {
  const d = state.detail;
  // One decision at a time: a key pressed again before the next comment is on screen must not land on
  // the comment just decided (or on one the moderator has not seen yet).
  if (!d || d.state !== 'Held' || state.deciding) return;
  state.deciding = true;
  try {
    await decideNow(d, approve);
  } finally {
    state.deciding = false;
  }
}

async function decideNow(d, approve) {
  const body = { version: d.version, note: $('note')?.value || undefined };
  if (!approve) body.reasonCode = $('reject-reason').value;
  for (const b of document.querySelectorAll('#approve, #reject')) b.disabled = true;
  try {
    await api(sitePath(`/comments/${enc(d.commentId)}/${d.revision}/${approve ? 'approve' : 'reject'}`), { method: 'POST', body });
    d.state = approve ? 'Approved' : 'Rejected';
    toast(`${approve ? 'Approved' : 'Rejected'} the comment by ${d.author.displayName || d.author.id}.`, 'success');
    if (state.view === 'queue') {
      state.selected.delete(keyOf(d));
      const index = state.queue.items.findIndex((i) => keyOf(i) === keyOf(d));
      if (index >= 0) {
        state.queue.items.splice(index, 1);
        state.queue.total = Math.max(0, state.queue.total - 1);
      }
      const next = index >= 0 ? index : state.queue.index + 1;
      state.queue.detached = false;
      renderQueue();
      if (state.queue.items.length > 0) await selectIndex(Math.max(0, Math.min(next, state.queue.items.length - 1)));
      else { state.queue.index = -1; showDetail(null); }
    } else {
      await openDetail(d, $('search-detail'));
    }
  } catch (error) {
    for (const b of document.querySelectorAll('#approve, #reject')) b.disabled = false;
    if (error.status === 409) {
      const p = error.problem;
      toast(p.code === 'AlreadyDecided'
        ? `Conflict: ${p.decidedBy} already ${String(p.state).toLowerCase()} this comment.`
        : 'Conflict: the comment changed since you opened it. It was reloaded.', 'error');
      await openDetail(d, state.view === 'search' ? $('search-detail') : $('queue-detail'));
      if (state.view === 'queue') loadQueue({ keepPosition: true });
    } else if (error.status !== 401) {
      toast(error.message, 'error');
    }
  }
}

// ---------------------------------------------------------------- author history

async function toggleHistory() {
  const panel = document.querySelector('.detail-pane:not([hidden]) #history') || $('history');
  const d = state.detail;
  if (!panel || !d) return;
  if (!panel.hidden) {
    panel.hidden = true;
    return;
  }
  panel.hidden = false;
  panel.replaceChildren(h('p', { class: 'muted' }, 'Loading history…'));
  try {
    const history = await api(sitePath(`/authors/${enc(d.author.id)}?recent=10`));
    panel.replaceChildren(
      h('h3', {}, `History of ${history.displayName || history.authorId}`),
      h('div', { class: 'stats' },
        stat('Comments', history.total), stat('Approved', history.approved, 'ok'), stat('Rejected', history.rejected, 'bad'), stat('Held', history.held, 'warn')),
      h('ol', { class: 'history-list' }, history.recent.map((item) => h('li', {},
        stateBadge(item.state), ' ', timeEl(item.at), ' ', h('span', { class: 'muted' }, item.threadId),
        h('p', { class: 'excerpt' }, item.text)))));
    panel.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  } catch (error) {
    panel.replaceChildren(h('p', { class: 'error' }, error.message));
  }
}

function stat(name, value, kind = '') {
  return h('div', { class: `stat ${kind}` }, h('b', {}, String(value)), h('span', {}, name));
}

// ---------------------------------------------------------------- search

async function runSearch(event) {
  event?.preventDefault();
  const params = new URLSearchParams({ q: $('search-q').value.trim(), limit: '100' });
  if ($('search-state').value) params.set('state', $('search-state').value);
  try {
    const page = await api(sitePath(`/search?${params}`));
    state.search = { items: page.items, index: -1 };
    $('search-list').replaceChildren(...page.items.map((item, i) => queueRow(item, i, 'search')));
    $('search-total').textContent = `${page.total} comment${page.total === 1 ? '' : 's'} found`;
    if (page.items.length > 0) await selectSearch(0);
    else showDetail(null, $('search-detail'));
  } catch (error) {
    if (error.status !== 401) toast(error.message, 'error');
  }
}

async function selectSearch(index) {
  const item = state.search.items[index];
  if (!item) return;
  state.search.index = index;
  markActive();
  await openDetail(item, $('search-detail'));
}

// ---------------------------------------------------------------- audit log

async function loadAudit(reset) {
  if (reset) {
    state.auditBefore = null;
    $('audit-body').replaceChildren();
  }
  const params = new URLSearchParams({ limit: '50' });
  if (state.auditBefore) params.set('before', String(state.auditBefore));
  const actor = $('audit-actor').value.trim();
  if (actor) params.set('actor', actor);
  try {
    const page = await api(sitePath(`/audit?${params}`));
    $('audit-body').append(...page.entries.map((e) => h('tr', {},
      h('td', {}, timeEl(e.at)),
      h('td', {}, e.actor),
      h('td', {}, h('span', { class: `action action-${e.action.toLowerCase()}` }, e.action)),
      h('td', {}, e.commentId ? h('code', {}, `${e.commentId}${e.revision ? ` r${e.revision}` : ''}`) : ''),
      h('td', {}, e.fromState ? `${e.fromState} → ${e.toState}` : ''),
      h('td', {}, e.reasonCode ? label(e.reasonCode) : ''),
      h('td', { class: 'note-cell' }, e.note || ''))));
    if ($('audit-body').children.length === 0) {
      $('audit-body').append(h('tr', {}, h('td', { colspan: '7', class: 'empty' }, 'No entries yet.')));
    }
    state.auditBefore = page.nextBefore;
    $('audit-more').hidden = !page.nextBefore;
  } catch (error) {
    if (error.status !== 401) toast(error.message, 'error');
  }
}

// ---------------------------------------------------------------- models (administrators)

const MODEL_TASKS = ['spam', 'toxicity'];
const isAdmin = () => state.me?.role === 'admin';
const modelsPath = (task, rest = '') => `/api/v1/admin/sites/${enc(state.site)}/models/${task}${rest}`;

/** Asks before a model step; resolves true only on Confirm. Escape and Cancel both say no. */
function confirmStep(text, action) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = action;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
    $('confirm-cancel').focus();
  });
}

async function loadModels() {
  if (!isAdmin() || !state.site) return;
  const site = state.site;
  try {
    const views = await Promise.all(MODEL_TASKS.map((task) => api(modelsPath(task))));
    if (site !== state.site) return;
    $('models-body').replaceChildren(...views.map(renderTaskModels));
  } catch (error) {
    if (error.status !== 401) showModelsError(error);
  }
}

function showModelsError(error) {
  const code = error.problem?.code;
  $('models-error').textContent = code ? `${code}: ${error.message}` : error.message;
}

/** Number formatting for the report: three decimals; absent (null) and NaN shown as a dash. */
function figure(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(3) : '–';
}

const DECISIONS = { challengerWins: 'Challenger wins', championStays: 'Champion stays', undecided: 'Undecided' };

/**
 * The comparison report kept with a model. A report from `moderation retrain` has both scorecards side
 * by side; any other report is shown by its verdict and reason only (it is kept as uploaded).
 */
function renderReport(report, challengerWins) {
  if (!report || typeof report !== 'object') return h('p', { class: 'muted small report-none' }, 'No comparison report.');
  const rows = [
    ['AUC', 'rocAuc'],
    ['Precision at reject', 'precisionAtReject'],
    ['Recall at hold', 'recallAtHold'],
    ['Calibration error', 'calibrationErrorAtRate'],
  ];
  const verdict = report.decision ? DECISIONS[report.decision] || report.decision
    : challengerWins === true ? 'Challenger wins' : challengerWins === false ? 'Champion stays' : 'No verdict';
  const decision = h('p', { class: `report-decision ${challengerWins ? 'wins' : 'loses'}` },
    h('b', {}, verdict), report.reason ? ` — ${report.reason}` : '');
  if (!report.champion || !report.challenger) return h('div', { class: 'report' }, decision);
  return h('div', { class: 'report' },
    h('table', { class: 'report-table' },
      h('caption', { class: 'sr-only' }, 'Comparison on the held-out labels'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Held-out labels'),
        h('th', { scope: 'col' }, 'Champion ', h('span', { class: 'muted' }, report.champion.version)),
        h('th', { scope: 'col' }, 'Challenger ', h('span', { class: 'muted' }, report.challenger.version)))),
      h('tbody', {}, rows.map(([name, key]) => h('tr', { dataset: { metric: key } },
        h('th', { scope: 'row' }, name),
        h('td', { class: 'champion' }, figure(report.champion[key])),
        h('td', { class: 'challenger' }, figure(report.challenger[key])))))),
    h('p', { class: 'muted small' }, `${report.heldOutLabels ?? '?'} held-out labels (${report.heldOutPositives ?? '?'} positive), `
      + `${report.trainingLabels ?? '?'} for training, expected rate ${figure(report.expectedRate)}, margin ${figure(report.margin)}`),
    decision);
}

const ROLE_STEPS = {
  challenger: ['shadow', 'promote', 'retire'],
  shadow: ['promote', 'retire'],
  retired: ['shadow', 'promote'],
  champion: [],
};

const STEP_TEXT = {
  shadow: { label: 'Put in shadow', ask: (t, v) => `Put ${t} model ${v} in shadow? It is scored beside the serving model on the next comments, without deciding; the current shadow model, if any, goes back to the challengers.` },
  promote: { label: 'Promote', ask: (t, v) => `Promote ${t} model ${v}? It decides this site's comments from now on; the current site model, if any, is retired.` },
  retire: { label: 'Retire', ask: (t, v) => `Retire ${t} model ${v}? It stops being tried; it can be put in shadow or promoted again later.` },
};

function renderTaskModels(view) {
  const task = view.task;
  const shadow = view.models.find((m) => m.role === 'shadow');
  const serving = h('p', { class: 'serving' }, 'Serving: ', h('b', { class: 'serving-version' }, view.serving || 'no model'), ' ',
    h('span', { class: `source source-${view.servingSource}` }, view.servingSource === 'site' ? "the site's own model" : 'the shipped model'),
    view.servedHere && view.servedHere !== view.serving ? h('span', { class: 'muted' }, ` (this replica still serves ${view.servedHere})`) : null);
  const trial = shadow
    ? h('p', { class: 'shadow-trial' }, 'In shadow: ', h('b', {}, shadow.version), ' — ',
      h('span', { class: 'trial-progress' }, `${shadow.shadowComments} / ${view.shadowTrialComments} comments scored`),
      h('progress', { max: String(view.shadowTrialComments), value: String(Math.min(shadow.shadowComments, view.shadowTrialComments)), 'aria-label': `Shadow trial of ${shadow.version}` }),
      view.autoPromote ? h('span', { class: 'muted' }, ' · promoted automatically after the trial if its report says it won') : null)
    : h('p', { class: 'shadow-trial muted' }, 'No model in shadow.');
  const rollback = view.servingSource === 'site'
    ? h('button', {
      type: 'button', class: 'reject small', dataset: { step: 'rollback' },
      onclick: () => runModelStep(task, null, 'rollback',
        `Roll back ${task} model ${view.serving}? It is retired, and the site model promoted before it — or the shipped model ${view.shippedVersion || ''} — serves again.`, 'Roll back'),
    }, 'Roll back')
    : null;
  const order = { champion: 0, shadow: 1, challenger: 2, retired: 3 };
  const models = [...view.models].sort((a, b) => order[a.role] - order[b.role] || b.createdAt.localeCompare(a.createdAt));
  return h('section', { class: 'task-models', dataset: { task }, 'aria-labelledby': `models-${task}-title` },
    h('div', { class: 'task-head' }, h('h3', { id: `models-${task}-title`, tabindex: '-1' }, task === 'spam' ? 'Spam' : 'Toxicity'), rollback),
    serving,
    h('p', { class: 'muted small' }, `Shipped model: ${view.shippedVersion || 'none'}`),
    trial,
    models.length === 0
      ? h('p', { class: 'empty' }, 'The site has no models of its own for this task. Upload one made by moderation retrain through the model API.')
      : h('ol', { class: 'model-list', 'aria-label': `${task} models of the site` }, models.map((m) => renderModel(task, m))));
}

function renderModel(task, m) {
  const steps = (ROLE_STEPS[m.role] || []).map((step) => h('button', {
    type: 'button', class: step === 'promote' ? 'approve small' : 'ghost small', dataset: { step },
    'aria-label': `${STEP_TEXT[step].label} ${m.version}`,
    onclick: () => runModelStep(task, m.version, step, STEP_TEXT[step].ask(task, m.version), STEP_TEXT[step].label),
  }, STEP_TEXT[step].label));
  const when = m.role === 'retired' && m.rolledBackAt ? ['rolled back ', timeEl(m.rolledBackAt)]
    : m.promotedAt ? ['promoted ', timeEl(m.promotedAt)] : ['uploaded ', timeEl(m.createdAt), ` by ${m.createdBy}`];
  return h('li', { class: `model role-${m.role}`, dataset: { version: m.version, role: m.role } },
    h('div', { class: 'model-head' },
      h('span', { class: `state role-badge role-${m.role}` }, m.role),
      h('code', { class: 'model-version' }, m.version),
      h('span', { class: 'muted small' }, ...when),
      m.role === 'shadow' ? h('span', { class: 'muted small' }, ` · ${m.shadowComments} scored in shadow`) : null,
      h('span', { class: 'spacer' }),
      steps),
    renderReport(m.report, m.challengerWins));
}

async function runModelStep(task, version, step, question, action) {
  if (!(await confirmStep(question, action))) return;
  $('models-error').textContent = '';
  const path = step === 'rollback' ? modelsPath(task, '/rollback') : modelsPath(task, `/${enc(version)}/${step}`);
  try {
    const result = await api(path, { method: 'POST' });
    const done = { shadow: 'is in shadow', promote: 'serves now', retire: 'is retired' };
    toast(step === 'rollback'
      ? `Rolled back ${task} model ${result.rolledBack.version}; ${result.serving ? result.serving.version : `the shipped model ${result.shippedVersion || ''}`} serves again.`
      : `${task} model ${version} ${done[step]}.`, 'success');
  } catch (error) {
    if (error.status !== 401) {
      showModelsError(error);
      toast(error.message, 'error');
    }
  }
  await loadModels();
  // The button pressed is gone with the re-render: keep keyboard users in the task they were working on.
  $(`models-${task}-title`)?.focus();
}

// ---------------------------------------------------------------- views and keys

function setView(view) {
  if (view === 'models' && !isAdmin()) return;
  state.view = view;
  for (const tab of document.querySelectorAll('.tab')) {
    if (tab.dataset.view === view) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  for (const name of ['queue', 'search', 'audit', 'models']) $(`view-${name}`).hidden = name !== view;
  if (view === 'audit') loadAudit(true);
  if (view === 'models') { $('models-error').textContent = ''; loadModels(); }
  if (view === 'search') $('search-q').focus();
  if (view === 'queue') {
    const item = state.queue.items[state.queue.index];
    if (item) openDetail(item, $('queue-detail'));
  }
}

let pendingG = false;
function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  const typing = (target instanceof HTMLInputElement && target.type !== 'checkbox')
    || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
  if (typing) {
    if (event.key === 'Escape') target.blur();
    if (event.key === 'Enter' && target.id === 'note') { event.preventDefault(); target.blur(); }
    return;
  }
  if ($('help').open || $('confirm').open || $('app').hidden) return;
  if (pendingG) {
    pendingG = false;
    if (event.key === 'q') setView('queue');
    else if (event.key === 'l') setView('audit');
    else if (event.key === 's') setView('search');
    else if (event.key === 'm') setView('models');
    return;
  }
  const actions = {
    j: () => move(1),
    k: () => move(-1),
    a: () => decide(true),
    r: () => decide(false),
    h: () => toggleHistory(),
    n: () => $('note')?.focus(),
    x: () => {
      const item = state.view === 'queue' ? state.queue.items[state.queue.index] : null;
      if (item) toggleSelected(item, !state.selected.has(keyOf(item)));
    },
    A: () => bulk('approve'),
    R: () => bulk('reject'),
    '/': () => setView('search'),
    '?': () => $('help').showModal(),
    g: () => { pendingG = true; },
  };
  const action = actions[event.key];
  if (action) {
    event.preventDefault();
    action();
  }
}

function wire() {
  $('login-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  $('site').addEventListener('change', (e) => switchSite(e.target.value));
  for (const tab of document.querySelectorAll('.tab')) tab.addEventListener('click', () => setView(tab.dataset.view));
  const filters = $('filters');
  filters.addEventListener('change', () => loadQueue({ keepPosition: false }));
  filters.addEventListener('submit', (e) => { e.preventDefault(); loadQueue({ keepPosition: false }); });
  filters.addEventListener('reset', () => setTimeout(() => loadQueue({ keepPosition: false })));
  $('select-all').addEventListener('change', (e) => {
    state.selected.clear();
    if (e.target.checked) for (const item of state.queue.items) state.selected.set(keyOf(item), item);
    renderQueue();
  });
  $('bulk-approve').addEventListener('click', () => bulk('approve'));
  $('bulk-reject').addEventListener('click', () => bulk('reject'));
  $('bulk-clear').addEventListener('click', () => { state.selected.clear(); renderQueue(); });
  $('search-form').addEventListener('submit', runSearch);
  $('audit-more').addEventListener('click', () => loadAudit(false));
  $('audit-actor').addEventListener('change', () => loadAudit(true));
  $('models-reload').addEventListener('click', () => { $('models-error').textContent = ''; loadModels(); });
  $('help-button').addEventListener('click', () => $('help').showModal());
  document.addEventListener('keydown', onKey);
  // Relative times stay true while the page is open all day.
  setInterval(() => { for (const t of document.querySelectorAll('time[datetime]')) t.textContent = ago(t.getAttribute('datetime')); }, 30000);
}

wire();
api('/api/v1/session').then(start, () => showLogin());
