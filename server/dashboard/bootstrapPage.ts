/**
 * The only page served without the token. It holds no data: it reads the token (or a one-time
 * launch code) from the URL fragment (never sent to a server, never in a Referer), exchanges it for a cookie, removes it
 * from the address bar and reloads into the dashboard.
 */
export const BOOTSTRAP_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark">
<title>Responses Inspector</title><link rel="icon" href="data:image/svg+xml,%3Csvg xmlns=%27http://www.w3.org/2000/svg%27 viewBox=%270 0 16 16%27%3E%3Ccircle cx=%278%27 cy=%278%27 r=%276%27 fill=%27%232563eb%27/%3E%3C/svg%3E"><script src="/_bootstrap.js" defer></script></head>
<body style="font:14px system-ui,sans-serif;margin:3em">
<h1 style="font-size:18px">Responses Inspector</h1>
<p id="status">Opening the dashboard…</p>
</body></html>
`;

export const BOOTSTRAP_JS = `(function () {
  var status = document.getElementById('status');
  var match = /(?:^|[#&])(token|code)=([0-9a-f]+)/.exec(location.hash);
  if (!match) {
    status.textContent = 'This dashboard needs the one-time URL that responses-inspector printed when it started (the line "dashboard: http://127.0.0.1:…/#token=…"). Open that URL.';
    return;
  }
  history.replaceState(null, '', location.pathname + location.search);
  var headers = match[1] === 'code' ? { 'X-Inspector-Code': match[2] } : { 'X-Inspector-Token': match[2] };
  fetch('/_auth', { method: 'POST', headers: headers, credentials: 'same-origin' })
    .then(function (res) {
      if (res.ok) { location.reload(); return; }
      status.textContent = match[1] === 'code'
        ? 'This link was already used or has expired: open the dashboard URL printed by responses-inspector (the line "dashboard: http://127.0.0.1:…/#token=…").'
        : 'This link is from an earlier run: open the dashboard URL printed by the running responses-inspector.';
    })
    .catch(function (err) { status.textContent = 'Could not reach the relay: ' + err; });
})();
`;

export const PLACEHOLDER_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Responses Inspector</title><link rel="icon" href="data:image/svg+xml,%3Csvg xmlns=%27http://www.w3.org/2000/svg%27 viewBox=%270 0 16 16%27%3E%3Ccircle cx=%278%27 cy=%278%27 r=%276%27 fill=%27%232563eb%27/%3E%3C/svg%3E"></head>
<body style="font:14px system-ui,sans-serif;margin:3em">
<h1 style="font-size:18px">Responses Inspector</h1>
<p>The relay is running, but this copy of responses-inspector has no built dashboard (a clone whose
<code>npm install</code> did not run its build). Run <code>npm run build</code> in the clone's folder, then reload this page.</p>
</body></html>
`;
