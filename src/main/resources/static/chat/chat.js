// The web chat: a thin client of /api/chat. Every text from the server is shown with
// textContent, never as HTML: tips and echoes are hostile input.
(function () {
  'use strict';
  const log = document.getElementById('log');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const file = document.getElementById('file');
  const locate = document.getElementById('locate');
  const STORAGE = 'tipline.session';
  let session = sessionStorage.getItem(STORAGE);
  let busy = false;

  function bubble(text, who) {
    const div = document.createElement('div');
    div.className = 'msg ' + who;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function disableOldButtons() {
    log.querySelectorAll('.buttons button').forEach(b => { b.disabled = true; });
  }

  function show(messages) {
    disableOldButtons();
    let askLocation = false;
    for (const m of messages || []) {
      const div = bubble(m.text || '', 'bot');
      if (m.image && m.image.startsWith('/api/chat/images/')) {
        const img = document.createElement('img');
        img.className = 'picture';
        img.alt = '';
        img.src = m.image;
        div.insertBefore(img, div.firstChild);
      }
      if (m.buttons && m.buttons.length) {
        const row = document.createElement('div');
        row.className = 'buttons';
        for (const b of m.buttons) {
          const btn = document.createElement('button');
          btn.type = 'button';
          btn.textContent = b.label;
          btn.addEventListener('click', () => { bubble(b.label, 'me'); send({ button: b.payload }); });
          row.appendChild(btn);
        }
        div.appendChild(row);
        log.scrollTop = log.scrollHeight;
      }
      if (m.askLocation) { askLocation = true; }
    }
    locate.hidden = !(askLocation && navigator.geolocation);
  }

  async function call(url, options) {
    const res = await fetch(url, options);
    const body = await res.json().catch(() => ({}));
    if (!res.ok) { throw new Error(body.detail || ('HTTP ' + res.status)); }
    return body;
  }

  async function start() {
    const body = await call('/api/chat/sessions', { method: 'POST' });
    session = body.session;
    sessionStorage.setItem(STORAGE, session);
    show(body.messages);
  }

  async function send(payload) {
    if (busy) { return; }
    busy = true;
    try {
      if (!session) { await start(); }
      const body = await call('/api/chat/sessions/' + encodeURIComponent(session) + '/messages', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload)
      });
      show(body.messages);
    } catch (e) {
      bubble('Không gửi được, hãy thử lại. / Could not send, please try again. (' + e.message + ')', 'error');
    } finally {
      busy = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) { return; }
    input.value = '';
    bubble(text, 'me');
    send({ text: text });
  });

  file.addEventListener('change', async () => {
    const chosen = file.files[0];
    file.value = '';
    if (!chosen || busy) { return; }
    busy = true;
    bubble('📷 ' + (chosen.type || 'file'), 'me');
    try {
      if (!session) { await start(); }
      const data = new FormData();
      data.append('file', chosen);
      const body = await call('/api/chat/sessions/' + encodeURIComponent(session) + '/media', { method: 'POST', body: data });
      show(body.messages);
    } catch (e) {
      bubble('Không gửi được ảnh. / Could not send the photo. (' + e.message + ')', 'error');
    } finally {
      busy = false;
    }
  });

  locate.addEventListener('click', () => {
    navigator.geolocation.getCurrentPosition(
      (pos) => { bubble('📍', 'me'); send({ latitude: pos.coords.latitude, longitude: pos.coords.longitude }); },
      () => bubble('Không lấy được vị trí; hãy gõ địa chỉ. / Could not get your location; please type the address.', 'error'));
  });

  document.getElementById('lang').addEventListener('click', () => { bubble('/lang', 'me'); send({ text: '/lang' }); });
  document.getElementById('restart').addEventListener('click', () => {
    sessionStorage.removeItem(STORAGE);
    session = null;
    log.textContent = '';
    start().catch(e => bubble('Không kết nối được. / Cannot connect. (' + e.message + ')', 'error'));
  });

  // Officers' follow-ups and relay answers wait in the session's inbox: poll while the page is open.
  async function poll() {
    if (!session || busy || document.hidden) { return; }
    try {
      const body = await call('/api/chat/sessions/' + encodeURIComponent(session) + '/inbox', { method: 'GET' });
      if (body.messages && body.messages.length) { show(body.messages); }
    } catch (e) { /* the next poll tries again */ }
  }
  setInterval(poll, 5000);

  if (session) {
    send({ text: '/menu' });
  } else {
    start().catch(e => bubble('Không kết nối được. / Cannot connect. (' + e.message + ')', 'error'));
  }
}());
