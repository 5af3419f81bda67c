// Servicedesk console: plain browser JavaScript against /agent/api. Text is always inserted as text, never HTML.
const $ = (id) => document.getElementById(id);
// The list holds summaries; the selected conversation's transcript is fetched on its own (GET /handoffs/:id).
const state = {
  agent: null,
  name: null,
  handoffs: [],
  selected: null,
  transcript: [],
  events: null,
  seenWaiting: new Set(),
  initialised: false,
};
const TITLE = document.title;
/** Shown when the website visitor has had no chat open for a while (they may come back). */
const GONE = 'bezoeker is weg';

async function api(path, options = {}) {
  const res = await fetch(`/agent/api${path}`, {
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    ...options,
  });
  const body = await res.json().catch(() => ({}));
  if (res.status === 401 && path !== '/login' && path !== '/logout') showLogin();
  // A password someone else set must be changed before anything else works (403 on every other call).
  if (res.status === 403 && body.mustChangePassword && state.agent)
    showChange({ agent: state.agent, name: state.name });
  return { status: res.status, body };
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}

/** Back to the login form, e.g. when the session is gone (logged out, expired, or the bot restarted). */
function showLogin(note = '') {
  const wasIn = Boolean(state.agent);
  state.agent = null;
  state.name = null;
  removeChange();
  $('console-note').textContent = '';
  state.events?.close();
  state.events = null;
  state.selected = null;
  state.seenWaiting.clear();
  state.initialised = false;
  setBadge(0);
  $('login-note').textContent = note || (wasIn ? 'Je sessie is verlopen. Log opnieuw in.' : '');
  $('login').hidden = false;
  $('console').hidden = true;
  $('logout').hidden = true;
  $('who').textContent = '';
}

/** "Ingelogd als Sanne (sanne)"; just the username for an account named after it. */
function setWho({ agent, name }) {
  state.agent = agent;
  state.name = name ?? agent;
  $('who').textContent = `Ingelogd als ${state.name === agent ? agent : `${state.name} (${agent})`}`;
  $('logout').hidden = false;
}

async function showConsole(me, note = '') {
  if (me.mustChangePassword) return showChange(me);
  removeChange();
  setWho(me);
  $('login').hidden = true;
  $('console').hidden = false;
  $('login-note').textContent = '';
  $('console-note').textContent = note;
  await refresh();
  openEvents();
}

function removeChange() {
  $('change')?.remove();
}

/**
 * The forced password change after a login with a password someone else set: nothing else is shown (and the API
 * allows nothing else) until it is done.
 */
function showChange(me) {
  state.events?.close();
  state.events = null;
  setWho(me);
  setBadge(0);
  $('login').hidden = true;
  $('console').hidden = true;
  $('login-note').textContent = '';
  if ($('change')) return;
  $('change-slot').append($('change-template').content.cloneNode(true));
  const form = $('change');
  form.addEventListener('submit', submitChange);
  form.elements.newPassword.focus();
}

function changeError(text, field) {
  const form = $('change');
  for (const input of [form.elements.newPassword, form.elements.repeatPassword])
    input.setAttribute('aria-invalid', String(input === field));
  $('change-error').textContent = text;
  field?.focus();
}

async function submitChange(e) {
  e.preventDefault();
  const form = e.target;
  const { newPassword, repeatPassword } = form.elements;
  if (newPassword.value.length < 12)
    return changeError('Je nieuwe wachtwoord moet minstens 12 tekens hebben.', newPassword);
  if (newPassword.value !== repeatPassword.value)
    return changeError('De twee wachtwoorden zijn niet gelijk. Typ het nieuwe wachtwoord twee keer.', repeatPassword);
  const { status, body } = await api('/password', {
    method: 'POST',
    body: JSON.stringify({ newPassword: newPassword.value, repeatPassword: repeatPassword.value }),
  });
  if (status === 200) return showConsole(body, 'Je wachtwoord is gewijzigd.');
  if (status === 401) return;
  if (body.rule === 'same-as-old')
    return changeError('Kies een ander wachtwoord dan het wachtwoord waarmee je inlogde.', newPassword);
  if (body.rule === 'too-short' || body.rule === 'too-long')
    return changeError('Je nieuwe wachtwoord moet 12 tot 500 tekens hebben.', newPassword);
  changeError(
    status === 503 ? 'Het is even druk. Probeer het zo opnieuw.' : 'Opslaan is niet gelukt. Probeer het opnieuw.',
    newPassword,
  );
}

/** The live stream; when it fails (bot restarted, session gone) the session is checked, and a 401 shows the login. */
function openEvents() {
  state.events?.close();
  const events = new EventSource('/agent/api/events');
  state.events = events;
  events.onmessage = (e) => onEvent(JSON.parse(e.data));
  // After a reconnect (the bot restarted; the session outlives it) the queue may have changed meanwhile.
  let connected = false;
  events.addEventListener('ready', () => {
    if (connected) refresh();
    connected = true;
  });
  events.onerror = async () => {
    if (state.events !== events) return;
    // Unreachable (restarting): EventSource retries by itself, and a 401 then closes it and brings us here again.
    const { status } = await api('/me').catch(() => ({ status: 0 }));
    if (status === 200 && events.readyState === EventSource.CLOSED && state.events === events) openEvents();
    else if (status === 200) refresh();
  };
}

/** The tab title counts the waiting conversations, so a console in a background tab still tells. */
function setBadge(waiting) {
  document.title = waiting > 0 ? `(${waiting}) ${TITLE}` : TITLE;
}

function chime() {
  if (!$('sound').checked) return;
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.4);
  } catch {
    // no audio output: the title badge still tells
  }
}

/** A sound (if the agent turned it on) for each conversation that starts waiting while the console is open. */
function noticeNewWaiting() {
  const waiting = state.handoffs.filter((h) => h.status === 'waiting').map((h) => h.id);
  const fresh = waiting.filter((id) => !state.seenWaiting.has(id));
  for (const id of waiting) state.seenWaiting.add(id);
  if (fresh.length && state.initialised) chime();
  state.initialised = true;
  setBadge(waiting.length);
}

function describe(h) {
  const who = h.requester.name ?? (h.requester.verified ? 'Geverifieerde gebruiker' : 'Anonieme bezoeker');
  return h.school ? `${who} - ${h.school.name} (${h.school.customerNumber})` : who;
}

async function refresh() {
  const { status, body } = await api('/handoffs');
  if (status !== 200) return;
  state.handoffs = body.handoffs;
  noticeNewWaiting();
  const list = $('queue');
  list.replaceChildren(
    ...state.handoffs.map((h) => {
      const button = el(
        'button',
        { type: 'button' },
        describe(h),
        el(
          'span',
          { className: 'status' },
          `${h.status === 'waiting' ? 'Wacht' : `Bij ${h.takenBy}`} - ${h.reason}${h.visitorGone ? ` · ${GONE}` : ''}`,
        ),
      );
      button.dataset.id = h.id;
      button.setAttribute('aria-current', String(h.id === state.selected));
      button.addEventListener('click', () => select(h.id));
      return el('li', {}, button);
    }),
  );
  $('queue-empty').hidden = state.handoffs.length > 0;
  if (state.selected) renderConversation();
}

async function select(id) {
  state.selected = id;
  state.transcript = [];
  await loadTranscript(id);
  await refresh();
  loadTickets(id);
  // Keyboard and screen reader users land on what they opened.
  $('conv-title').focus();
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
  $('conv-gone').hidden = !h.visitorGone;
  $('take').hidden = h.status !== 'waiting';
  $('end').hidden = !mine;
  $('send').hidden = !mine;
  $('transcript').replaceChildren(
    ...state.transcript.map((line) =>
      el(
        'li',
        { className: line.from },
        el(
          'small',
          {},
          `${line.from === 'user' ? 'Gebruiker' : line.from === 'agent' ? line.agent : 'Assistent'} · ${new Date(line.at).toLocaleTimeString('nl-NL')}`,
        ),
        line.text,
      ),
    ),
  );
  $('transcript').scrollTop = $('transcript').scrollHeight;
}

async function loadTickets(id) {
  const { status, body } = await api(`/handoffs/${id}/tickets`);
  // Tickets are shown to the agent who took the conversation.
  if (status !== 200)
    return void $('tickets').replaceChildren(el('li', {}, 'Neem het gesprek over om tickets te zien'));
  $('tickets').replaceChildren(
    ...(body.tickets.length
      ? body.tickets.map((t) => el('li', {}, `${t.reference} · ${t.title} · ${t.status}`))
      : [el('li', {}, 'Geen tickets')]),
  );
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
  const { status, body } = await api('/login', {
    method: 'POST',
    body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
  });
  if (status === 200) {
    $('login-error').textContent = '';
    e.target.reset();
    return showConsole(body);
  }
  $('login-error').textContent =
    status === 429
      ? `Te veel mislukte pogingen. Probeer het over ${body.retryAfterSeconds} seconden opnieuw.`
      : 'Onjuiste gebruikersnaam of wachtwoord.';
});

$('logout').addEventListener('click', async () => {
  const held = state.handoffs.filter((h) => h.status === 'taken' && h.takenBy === state.agent).length;
  const ask = `Je hebt ${held === 1 ? 'nog 1 gesprek' : `nog ${held} gesprekken`} open. Uitloggen sluit ${held === 1 ? 'dat gesprek' : 'die gesprekken'}; de gebruiker krijgt dat te horen. Toch uitloggen?`;
  if (held > 0 && !confirm(ask)) return;
  await api('/logout', { method: 'POST' });
  state.agent = null;
  showLogin('Je bent uitgelogd.');
  document.querySelector('#login input[name="username"]').focus();
});

$('take').addEventListener('click', async () => {
  const { status, body } = await api(`/handoffs/${state.selected}/take`, { method: 'POST' });
  if (status === 409) alert(`Dit gesprek is al overgenomen (${body.error}).`);
  await refresh();
  if (status === 200) {
    loadTickets(state.selected);
    $('message').focus();
  }
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
  const { status } = await api(`/handoffs/${state.selected}/messages`, {
    method: 'POST',
    body: JSON.stringify({ text }),
  });
  if (status === 200) $('message').value = '';
});

api('/me').then(({ status, body }) => (status === 200 ? showConsole(body) : showLogin()));
