// Starts the official Web Chat widget against this bot. The website may hand a signed assertion of its
// signed-in user in window.SLB_WEBCHAT_ASSERTION (or #assertion=... for testing); without one the visitor is anonymous.
(async function start() {
  const status = document.getElementById('status');
  try {
    const assertion = window.SLB_WEBCHAT_ASSERTION || new URLSearchParams(location.hash.slice(1)).get('assertion') || undefined;
    const res = await fetch('/api/webchat/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ assertion }) });
    if (!res.ok) throw new Error(`token: ${res.status}`);
    const { token, domain, userId } = await res.json();
    const directLine = window.WebChat.createDirectLine(domain ? { token, domain: location.origin + domain, webSocket: false, pollingInterval: 300 } : { token });
    window.WebChat.renderWebChat(
      {
        directLine,
        userID: userId,
        locale: 'nl-NL',
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
          suggestedActionsStackedHeight: 200,
        },
      },
      document.getElementById('webchat'),
    );
    status.textContent = '';
  } catch (err) {
    status.textContent = 'De chat kan nu niet starten. Probeer het later opnieuw of neem contact op met de servicedesk.';
    console.error(err);
  }
})();
