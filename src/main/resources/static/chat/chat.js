// The web chat: a thin client of /api/chat. Every text from the server is shown with
// textContent, never as HTML: tips and echoes are hostile input.
(function () {
  'use strict';
  const log = document.getElementById('log');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const file = document.getElementById('file');
  const locate = document.getElementById('locate');
  // The session token lives in this tab only and travels only in the Authorization header:
  // never in an address, which proxies log next to the citizen's IP.
  const STORAGE = 'tipline.session';
  const LANGUAGE = 'tipline.lang';
  let session = sessionStorage.getItem(STORAGE);
  let lang = sessionStorage.getItem(LANGUAGE) || document.documentElement.lang || 'vi';
  let busy = false;

  function speak(language) {
    lang = language === 'en' ? 'en' : 'vi';
    sessionStorage.setItem(LANGUAGE, lang);
    document.documentElement.lang = lang;
  }
  speak(lang);

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

  // A refusal the server words for the citizen (429: too many new chats) is shown as it is.
  class Refused extends Error {
    constructor(status, detail) { super(detail || ('HTTP ' + status)); this.status = status; }
  }

  async function call(url, options, headers) {
    const all = Object.assign({ 'Accept-Language': lang }, headers || {});
    if (session) { all.Authorization = 'Bearer ' + session; }
    const res = await fetch(url, Object.assign({ headers: all, referrerPolicy: 'no-referrer' }, options));
    const body = await res.json().catch(() => ({}));
    if (!res.ok) { throw new Refused(res.status, body.detail); }
    return body;
  }

  function forget() {
    sessionStorage.removeItem(STORAGE);
    session = null;
  }

  async function start() {
    forget();
    const body = await call('/api/chat/sessions', { method: 'POST' });
    session = body.session;
    sessionStorage.setItem(STORAGE, session);
    if (body.language) { speak(body.language); }
    show(body.messages);
  }

  function failed(e, what) {
    bubble(e.status === 429 ? e.message : what + ' (' + e.message + ')', 'error');
  }

  // A token this service no longer knows (its secret changed): a new session, and the message once more.
  async function withSession(request) {
    if (!session) { await start(); }
    try {
      return await request();
    } catch (e) {
      if (e.status !== 401) { throw e; }
      await start();
      return request();
    }
  }

  async function send(payload) {
    if (busy) { return; }
    busy = true;
    try {
      const body = await withSession(() => call('/api/chat/messages',
        { method: 'POST', body: JSON.stringify(payload) }, { 'Content-Type': 'application/json' }));
      show(body.messages);
    } catch (e) {
      failed(e, 'Không gửi được, hãy thử lại. / Could not send, please try again.');
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

  // Evidence goes up with XMLHttpRequest, not fetch: only it reports upload progress, and a video takes a while.
  function upload(chosen, progress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/chat/media');
      xhr.setRequestHeader('Accept-Language', lang);
      if (session) { xhr.setRequestHeader('Authorization', 'Bearer ' + session); }
      xhr.upload.addEventListener('progress', (e) => {
        if (e.lengthComputable) { progress.value = e.loaded / e.total; }
      });
      xhr.addEventListener('load', () => {
        let body = {};
        try { body = JSON.parse(xhr.responseText); } catch (notJson) { body = {}; }
        if (xhr.status >= 200 && xhr.status < 300) { resolve(body); } else { reject(new Refused(xhr.status, body.detail)); }
      });
      xhr.addEventListener('error', () => reject(new Error('network')));
      const data = new FormData();
      data.append('file', chosen);
      xhr.send(data);
    });
  }

  file.addEventListener('change', async () => {
    const chosen = file.files[0];
    file.value = '';
    if (!chosen || busy) { return; }
    busy = true;
    const kind = (chosen.type || '').split('/')[0];
    const sent = bubble((kind === 'audio' ? '🎤 ' : kind === 'video' ? '🎬 ' : kind === 'image' ? '📷 ' : '📄 ')
      + (chosen.type || 'file'), 'me');
    const progress = document.createElement('progress');
    progress.max = 1;
    progress.value = 0;
    progress.setAttribute('aria-label', lang === 'en' ? 'Uploading' : 'Đang tải lên');
    sent.appendChild(progress);
    try {
      const body = await withSession(() => upload(chosen, progress));
      show(body.messages);
    } catch (e) {
      failed(e, 'Không gửi được tệp. / Could not send the file.');
    } finally {
      progress.remove();
      busy = false;
    }
  });

  locate.addEventListener('click', () => {
    navigator.geolocation.getCurrentPosition(
      (pos) => { bubble('📍', 'me'); send({ latitude: pos.coords.latitude, longitude: pos.coords.longitude }); },
      () => bubble('Không lấy được vị trí; hãy gõ địa chỉ. / Could not get your location; please type the address.', 'error'));
  });

  // The bot switches between Vietnamese and English on /lang; the page follows, for its own notices.
  document.getElementById('lang').addEventListener('click', () => {
    bubble('/lang', 'me');
    speak(lang === 'vi' ? 'en' : 'vi');
    send({ text: '/lang ' + lang });
  });
  document.getElementById('restart').addEventListener('click', () => {
    log.textContent = '';
    start().catch(e => failed(e, 'Không kết nối được. / Cannot connect.'));
  });

  // Officers' follow-ups and relay answers wait in the session's inbox: poll while the page is open.
  async function poll() {
    if (!session || busy || document.hidden) { return; }
    try {
      const body = await call('/api/chat/inbox', { method: 'GET' });
      if (body.messages && body.messages.length) { show(body.messages); }
    } catch (e) { /* the next poll tries again */ }
  }
  setInterval(poll, 5000);

  if (session) {
    send({ text: '/menu' });
  } else {
    start().catch(e => failed(e, 'Không kết nối được. / Cannot connect.'));
  }
}());
