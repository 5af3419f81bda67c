// Servicedesk console: plain browser JavaScript against /agent/api. Text is always inserted as text, never HTML.
const $ = (id) => document.getElementById(id);
// The list holds summaries; the selected conversation's transcript is fetched on its own (GET /handoffs/:id).
const state = { agent: null, handoffs: [], selected: null, transcript: [], events: null };

async function api(path, options = {}) {
  const res = await fetch(`/agent/api${path}`, { credentials: 'same-origin', headers: { 'content-type': 'application/json' }, ...options });
  const body = await res.json().catch(() => ({}));
  if (res.status === 401 && path !== '/login') showLogin();
  return { status: res.status, body };
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}

function showLogin() {
  state.agent = null;
  state.events?.close();
  $('login').hidden = false;
  $('console').hidden = true;
  $('logout').hidden = true;
  $('who').textContent = '';
}

async function showConsole(agent) {
  state.agent = agent;
  $('login').hidden = true;
  $('console').hidden = false;
  $('logout').hidden = false;
  $('who').textContent = `Ingelogd als ${agent}`;
  await refresh();
  state.events = new EventSource('/agent/api/events');
  state.events.onmessage = (e) => onEvent(JSON.parse(e.data));
}

function describe(h) {
  const who = h.requester.name ?? (h.requester.verified ? 'Geverifieerde gebruiker' : 'Anonieme bezoeker');
  return h.school ? `${who} - ${h.school.name} (${h.school.customerNumber})` : who;
}

async function refresh() {
  const { status, body } = await api('/handoffs');
  if (status !== 200) return;
  state.handoffs = body.handoffs;
  const list = $('queue');
  list.replaceChildren(...state.handoffs.map((h) => {
    const button = el('button', { type: 'button' }, describe(h), el('span', { className: 'status' }, `${h.status === 'waiting' ? 'Wacht' : `Bij ${h.takenBy}`} - ${h.reason}`));
    button.dataset.id = h.id;
    button.setAttribute('aria-current', String(h.id === state.selected));
    button.addEventListener('click', () => select(h.id));
    return el('li', {}, button);
  }));
  $('queue-empty').hidden = state.handoffs.length > 0;
  if (state.selected) renderConversation();
}

async function select(id) {
  state.selected = id;
  state.transcript = [];
  await loadTranscript(id);
  await refresh();
  loadTickets(id);
}

async function loadTranscript(id) {
  const { status, body } = await api(`/handoffs/${id}`);
  if (status === 200 && state.selected === id) state.transcript = body.handoff.transcript;
}

function renderConversation() {
  const h = state.handoffs.find((x) => x.id === state.selected);
  $('conversation').hidden = !h;
  if (!h) return;
  const mine = h.status === 'taken' && h.takenBy === state.agent;
  $('conv-title').textContent = describe(h);
  $('conv-meta').textContent = `Reden: ${h.reason} · sinds ${new Date(h.createdAt).toLocaleTimeString('nl-NL')}`;
  $('take').hidden = h.status !== 'waiting';
  $('end').hidden = !mine;
  $('send').hidden = !mine;
  $('transcript').replaceChildren(...state.transcript.map((line) =>
    el('li', { className: line.from }, el('small', {}, `${line.from === 'user' ? 'Gebruiker' : line.from === 'agent' ? line.agent : 'Assistent'} · ${new Date(line.at).toLocaleTimeString('nl-NL')}`), line.text)));
  $('transcript').scrollTop = $('transcript').scrollHeight;
}

async function loadTickets(id) {
  const { status, body } = await api(`/handoffs/${id}/tickets`);
  // Tickets are shown to the agent who took the conversation.
  if (status !== 200) return void $('tickets').replaceChildren(el('li', {}, 'Neem het gesprek over om tickets te zien'));
  $('tickets').replaceChildren(...(body.tickets.length ? body.tickets.map((t) => el('li', {}, `${t.reference} · ${t.title} · ${t.status}`)) : [el('li', {}, 'Geen tickets')]));
}

async function onEvent(event) {
  if (event.type === 'message' && event.handoffId === state.selected) {
    state.transcript.push(event);
    renderConversation();
    return;
  }
  if (event.type === 'message') return;
  // The queue changed (a new or updated waiting conversation, a take, an end): reload the list and the open one.
  if (state.selected) await loadTranscript(state.selected);
  refresh();
}

$('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  const { status, body } = await api('/login', { method: 'POST', body: JSON.stringify({ username: form.get('username'), password: form.get('password') }) });
  if (status === 200) return showConsole(body.agent);
  $('login-error').textContent = status === 429 ? `Te veel mislukte pogingen. Probeer het over ${body.retryAfterSeconds} seconden opnieuw.` : 'Onjuiste gebruikersnaam of wachtwoord.';
});

$('logout').addEventListener('click', async () => {
  await api('/logout', { method: 'POST' });
  showLogin();
});

$('take').addEventListener('click', async () => {
  const { status, body } = await api(`/handoffs/${state.selected}/take`, { method: 'POST' });
  if (status === 409) alert(`Dit gesprek is al overgenomen (${body.error}).`);
  await refresh();
  if (status === 200) loadTickets(state.selected);
});

$('end').addEventListener('click', async () => {
  await api(`/handoffs/${state.selected}/end`, { method: 'POST' });
  state.selected = null;
  $('conversation').hidden = true;
  refresh();
});

$('send').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('message').value.trim();
  if (!text) return;
  const { status } = await api(`/handoffs/${state.selected}/messages`, { method: 'POST', body: JSON.stringify({ text }) });
  if (status === 200) $('message').value = '';
});

api('/me').then(({ status, body }) => (status === 200 ? showConsole(body.agent) : showLogin()));
