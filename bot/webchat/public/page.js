// Starts the official Web Chat widget against this bot and keeps it connected. The website may hand a signed
// assertion of its signed-in user in window.SLB_WEBCHAT_ASSERTION (or #assertion=... for testing); without one the
// visitor is anonymous.
//
// The conversation belongs to the browser session: the token endpoint sets an HttpOnly session cookie, so a reload
// or a second tab gets a fresh token for the same conversation and Web Chat replays its history. Activities arrive
// over Direct Line's WebSocket stream when the bot serves it; where WebSockets do not get through (a proxy that blocks
// them) the page falls back to polling, which slows down while the tab is hidden or nobody uses it. When the connection
// is lost (bot restarted, token expired, network gone) the page reconnects: the bot keeps its conversations across a
// restart, so it is the same conversation when the bot still has it, else a new one, announced in Dutch.
(function start() {
  const status = document.getElementById('status');
  const host = document.getElementById('webchat');
  const WebChat = window.WebChat;

  const POLLING_MS = 300;
  /** Extra wait before each poll, by how long the visitor has been away (ms). */
  const HIDDEN_POLL_MS = 10_000;
  const IDLE_POLL_MS = [
    [120_000, 5_000],
    [30_000, 1_500],
  ];
  const ONLINE = 2;
  const EXPIRED_TOKEN = 3;
  const FAILED_TO_CONNECT = 4;

  const TEXT = {
    loading: 'Chat wordt geladen…',
    failed: 'De chat kan nu niet starten. Probeer het later opnieuw of neem contact op met de servicedesk.',
    reconnecting: 'De verbinding is even weg. Ik probeer opnieuw te verbinden…',
    renewed: 'De verbinding is vernieuwd; je gesprek begint opnieuw.',
  };

  // Web Chat formats times with a 12-hour clock skeleton ("1:05 p.m."); its activity status middleware shows ours.
  // The bundle does not export React, so the element is written out the way React.createElement would build it.
  const clock = new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const element = (type, props, children) => ({
    $$typeof: Symbol.for('react.element'),
    type,
    key: null,
    ref: null,
    props: { ...props, children },
    _owner: null,
  });
  const activityStatusMiddleware = () => (next) => (args) => {
    const { activity, hideTimestamp, sendState } = args;
    if (!activity.timestamp || (activity.from.role !== 'bot' && sendState !== 'sent')) return next(args);
    const time = clock.format(new Date(activity.timestamp));
    return hideTimestamp
      ? element('span', { className: 'slb-sr-only' }, `Verzonden om ${time}`)
      : element('span', { className: 'webchat__activity-status slb-time', 'aria-label': `Verzonden om ${time}` }, time);
  };

  // An agent's messages (handoff) show the agent's initials instead of the bot's; the bot sends their name in
  // channelData.slbAgentName and a screen reader text naming them in channelData['webchat:fallback-text'].
  const initials = (name) =>
    /^een medewerker/i.test(name)
      ? 'SD'
      : name
          .replace(/ van de servicedesk$/i, '')
          .split(/\s+/)
          .filter(Boolean)
          .map((w) => w[0].toUpperCase())
          .slice(0, 2)
          .join('');
  const avatarMiddleware = () => (next) => (args) => {
    const name = args.activity && args.activity.channelData && args.activity.channelData.slbAgentName;
    if (args.fromUser || typeof name !== 'string') return next(args);
    return () => element('div', { className: 'slb-agent-avatar', 'aria-hidden': 'true', title: name }, initials(name));
  };

  // Web Chat groups messages (one avatar per group) by role alone; an agent's messages form their own groups.
  const senderOf = (activity) =>
    `${activity.from && activity.from.role}|${(activity.channelData && activity.channelData.slbAgentName) || ''}`;
  const groupActivitiesMiddleware = () => (next) => (args) => {
    const groups = next(args);
    const sender = [];
    for (const activity of args.activities) {
      const last = sender[sender.length - 1];
      if (last && senderOf(last[0]) === senderOf(activity)) last.push(activity);
      else sender.push([activity]);
    }
    return { ...groups, sender };
  };

  const say = (text) => {
    status.textContent = text;
  };

  // --- WebSocket stream: to this page's own origin, whatever host the bot named in its streamUrl. ---
  /** Set once WebSockets proved blocked while the bot answered over HTTP: polling from then on. */
  let socketsBlocked = false;
  let failedSockets = 0;
  function sameOriginWebSocket(onBlocked) {
    return class SameOriginWebSocket extends WebSocket {
      constructor(url) {
        const target = new URL(url, location.href);
        target.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
        target.host = location.host;
        super(target.href);
        let received = false;
        this.addEventListener('open', () => {
          if (status.textContent === TEXT.reconnecting) say('');
        });
        this.addEventListener('message', () => {
          received = true;
          failedSockets = 0;
        });
        this.addEventListener('close', async (event) => {
          if (event.code === 1000 || event.code === 1005 || current?.ending) return;
          say(TEXT.reconnecting);
          if (received) return;
          // Nothing ever came through: the bot is down (the stream comes back by itself), or something between the
          // page and the bot does not let WebSockets through while HTTP works.
          const up = await fetch('/healthz', { cache: 'no-store' }).then(
            (r) => r.ok,
            () => false,
          );
          if (up && ++failedSockets >= 2) onBlocked();
        });
      }
    };
  }

  // --- Poll pacing: full speed while the visitor is here, slower when idle, much slower in a hidden tab. ---
  let lastSeen = Date.now();
  const wakers = new Set();
  const wakeUp = () => {
    lastSeen = Date.now();
    for (const wake of [...wakers]) wake();
  };
  for (const type of ['keydown', 'pointerdown', 'focusin', 'wheel'])
    addEventListener(type, wakeUp, { capture: true, passive: true });
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && wakeUp());

  function extraPollDelay() {
    if (document.visibilityState === 'hidden') return HIDDEN_POLL_MS;
    const away = Date.now() - lastSeen;
    for (const [after, ms] of IDLE_POLL_MS) if (away > after) return ms;
    return 0;
  }

  function pollGate() {
    const ms = extraPollDelay();
    if (!ms) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });
  }

  // Web Chat's Direct Line client (botframework-directlinejs) as the bundle ships it, with our own request function.
  const probe = WebChat.createDirectLine({ token: 'probe', webSocket: false });
  const DirectLine = probe.constructor;
  const Observable = Object.getPrototypeOf(
    Object.getPrototypeOf(Object.getPrototypeOf(probe.connectionStatus$)),
  ).constructor;

  /**
   * Requests as directlinejs makes them, with two changes: a poll first waits its turn (pacing above), and a failed
   * request to this bot (unreachable, restarted: token unknown, conversation gone) is reported as an expired token.
   * directlinejs would otherwise stop polling for good after such an error, leaving a dead widget; an expired token
   * instead makes the page ask for a new one (see `recover`).
   */
  /** Unreachable (0), token unknown (401), conversation gone (404) or a server error: the connection is lost. */
  const lost = (error) =>
    Boolean(error) && (error.status === 0 || error.status === 401 || error.status === 404 || error.status >= 500);

  /** After a lost stream directlinejs asks for a new streamUrl (GET /conversations/{id}): retried here while the bot
   * restarts, so the stream comes back in the same conversation without a new token. */
  const RECONNECT_RETRIES_MS = [500, 1000, 1000, 2000, 2000, 3000, 5000, 5000, 10_000];
  const reconnectCall = (request) =>
    request.method === 'GET' && /\/conversations\/[^/?]+\?watermark=/.test(request.url);

  function ajax(request, attempt = 0) {
    const poll = request.method === 'GET' && /\/activities\?watermark=/.test(request.url);
    return Observable.create((subscriber) => {
      let inner;
      let cancelled = false;
      (poll ? pollGate() : Promise.resolve()).then(() => {
        if (cancelled) return;
        inner = Observable.ajax(request).subscribe(
          (response) => {
            if (poll && response.response && response.response.activities && response.response.activities.length)
              lastSeen = Math.max(lastSeen, Date.now() - 25_000);
            subscriber.next(response);
          },
          (error) => {
            const unreachable = error && (error.status === 0 || error.status >= 500);
            if (unreachable && reconnectCall(request) && attempt < RECONNECT_RETRIES_MS.length && !cancelled) {
              const timer = setTimeout(() => {
                inner = ajax(request, attempt + 1).subscribe(subscriber);
              }, RECONNECT_RETRIES_MS[attempt]);
              inner = { unsubscribe: () => clearTimeout(timer) };
              return;
            }
            subscriber.error(
              lost(error) && request.url.startsWith(location.origin) ? { status: 403, cause: error } : error,
            );
          },
          () => subscriber.complete(),
        );
      });
      return () => {
        cancelled = true;
        if (inner) inner.unsubscribe();
      };
    });
  }

  async function fetchToken() {
    const assertion =
      window.SLB_WEBCHAT_ASSERTION || new URLSearchParams(location.hash.slice(1)).get('assertion') || undefined;
    const res = await fetch('/api/webchat/token', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ assertion }),
    });
    if (!res.ok) throw new Error(`token: ${res.status}`);
    return res.json();
  }

  let current;

  /** Renders Web Chat for a conversation (resumed: reconnect to it, and Web Chat shows its history). */
  function connect(session) {
    if (current) {
      current.ending = true;
      current.statusSubscription.unsubscribe();
      // The bundle exports no ReactDOM to unmount with: the old widget's connection is ended and its element removed.
      current.directLine.end();
      current.container.remove();
    }
    const webSocket = Boolean(session.webSocket) && !socketsBlocked;
    const directLine = session.domain
      ? new DirectLine({
          token: session.token,
          domain: location.origin + session.domain,
          conversationId: session.resumed ? session.conversationId : undefined,
          webSocket,
          pollingInterval: POLLING_MS,
          ajax,
          WebSocket: sameOriginWebSocket(() => {
            // WebSockets do not get through: the same conversation again, polling.
            if (socketsBlocked || current.directLine !== directLine) return;
            socketsBlocked = true;
            connect({ ...session, token: directLine.token, conversationId: directLine.conversationId, resumed: true });
          }),
          // A lost stream is asked again after 3 to 4.5 s (directlinejs waits 3 to 15 s by default).
          random: () => Math.random() / 8,
        })
      : WebChat.createDirectLine({ token: session.token });
    const container = document.createElement('div');
    container.className = 'webchat-root';
    host.append(container);
    const statusSubscription = directLine.connectionStatus$.subscribe((value) => {
      if (value === ONLINE && status.textContent === TEXT.reconnecting) say('');
      if (session.domain && (value === EXPIRED_TOKEN || value === FAILED_TO_CONNECT)) recover();
    });
    current = {
      directLine,
      container,
      statusSubscription,
      conversationId: session.conversationId,
      embedded: Boolean(session.domain),
      webSocket,
      ending: false,
    };
    WebChat.renderWebChat(
      {
        directLine,
        userID: session.userId,
        locale: 'nl-NL',
        activityStatusMiddleware,
        avatarMiddleware,
        groupActivitiesMiddleware,
        overrideLocalizedStrings: {
          TEXT_INPUT_PLACEHOLDER: 'Typ je bericht',
          ACTIVITY_YOU_SAID_ALT: 'Jij zei:',
          ACTIVITY_YOU_ATTACHED_ALT: 'Jij hebt bijgevoegd:',
          // Said of the assistant and of servicedesk agents alike: an agent's message then names the agent itself.
          ACTIVITY_BOT_SAID_ALT: 'Bericht:',
        },
        styleOptions: {
          accent: '#00528c',
          botAvatarInitials: 'SLB',
          botAvatarBackgroundColor: '#00528c',
          userAvatarInitials: 'Jij',
          bubbleBorderRadius: 10,
          bubbleFromUserBackground: '#e3eef7',
          bubbleFromUserBorderRadius: 10,
          hideUploadButton: true,
          sendBoxTextWrap: true,
          suggestedActionLayout: 'stacked',
          suggestedActionsStackedHeight: 240,
          suggestedActionsStackedLayoutButtonTextWrap: true,
          suggestedActionHeight: 'auto',
        },
      },
      container,
    );
  }

  let recovering;
  /** Gets a token again until the bot answers: the same conversation if it still exists, else a new one. */
  function recover() {
    recovering ??= (async () => {
      say(TEXT.reconnecting);
      for (let attempt = 0; ; attempt += 1) {
        try {
          const session = await fetchToken();
          // Give the pollers of the old token time to stop before any new one starts.
          await new Promise((r) => setTimeout(r, 2 * POLLING_MS));
          // A stream needs a new streamUrl, which reconnect() cannot give it: the widget is rendered again instead.
          if (
            session.resumed &&
            !current.webSocket &&
            session.conversationId === current.conversationId &&
            current.directLine.connectionStatus$.getValue() === EXPIRED_TOKEN
          ) {
            current.directLine.reconnect({ token: session.token, conversationId: session.conversationId });
            say('');
          } else {
            const restarted = session.conversationId !== current.conversationId;
            connect(session);
            say(restarted ? TEXT.renewed : '');
          }
          return;
        } catch (err) {
          console.warn('web chat: reconnect failed, retrying', err);
          await new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** attempt, 10_000)));
        }
      }
    })().finally(() => {
      recovering = undefined;
    });
  }

  (async () => {
    try {
      const session = await fetchToken();
      connect(session);
      say(session.renewed ? TEXT.renewed : '');
    } catch (err) {
      say(TEXT.failed);
      console.error(err);
    }
  })();
})();
