// The web chat: a thin client of /api/chat. Every text from the server is shown with
// textContent and DOM nodes, never as HTML: tips and echoes are hostile input.
(function () {
  'use strict';
  const log = document.getElementById('log');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const file = document.getElementById('file');
  const photo = document.getElementById('photo');
  const locate = document.getElementById('locate');
  const status = document.getElementById('status');
  const langButton = document.getElementById('lang');
  // The page's own texts in every language, from the message bundles (WebChatPageController).
  const TEXTS = JSON.parse(document.body.dataset.texts || '{}');
  // Split on these, a capturing group puts each match at an odd index.
  const RECEIPT = new RegExp('(' + document.body.dataset.receiptCode + ')');
  const EMERGENCY = /\b(11[345])\b/;
  // The session token lives in this tab only (sessionStorage: gone when the tab is closed, nothing left
  // on a shared phone) and travels only in the Authorization header: never in an address, which
  // proxies log next to the citizen's IP. A second tab gets it from an open one, never from storage.
  const STORAGE = 'tipline.session';
  const LANGUAGE = 'tipline.lang';
  const tabs = 'BroadcastChannel' in window ? new BroadcastChannel('tipline.chat') : null;
  let session = sessionStorage.getItem(STORAGE);
  let lang = sessionStorage.getItem(LANGUAGE) || document.documentElement.lang || 'vi';
  let busy = false;

  function text(name, value) {
    const table = TEXTS[lang] || TEXTS.vi || {};
    const t = table[name] || '';
    return value === undefined ? t : t.replace('{0}', value);
  }

  // Receipt codes never break across lines, the first in a message with a copy button; 113/114/115
  // become call links.
  function rich(content) {
    const out = document.createDocumentFragment();
    content.split(RECEIPT).forEach((part, i) => {
      if (i % 2 === 1) {
        out.appendChild(receipt(part, i === 1));
        return;
      }
      part.split(EMERGENCY).forEach((piece, j) => {
        if (j % 2 === 1) {
          const call = document.createElement('a');
          call.href = 'tel:' + piece;
          call.textContent = piece;
          out.appendChild(call);
        } else if (piece) {
          out.appendChild(document.createTextNode(piece));
        }
      });
    });
    return out;
  }

  function receipt(code, copyable) {
    const wrap = document.createElement('span');
    wrap.className = 'receipt';
    const shown = document.createElement('span');
    shown.className = 'code';
    shown.textContent = code;
    if (!copyable) {
      return shown;
    }
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'copy';
    copy.textContent = text('copy');
    copy.setAttribute('aria-label', text('copy_code', code));
    copy.addEventListener('click', () => copyCode(code, shown));
    wrap.append(shown, copy);
    return wrap;
  }

  function announce(message) {
    status.textContent = message;
    clearTimeout(announce.timer);
    announce.timer = setTimeout(() => { status.textContent = ''; }, 6000);
  }

  // The Clipboard API needs a secure context; elsewhere the code is selected and copied the old way.
  async function copyCode(code, shown) {
    try {
      await navigator.clipboard.writeText(code);
      announce(text('copied', code));
    } catch (e) {
      const range = document.createRange();
      range.selectNodeContents(shown);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      let copied = false;
      try { copied = document.execCommand('copy'); } catch (ignored) { /* not supported: by hand */ }
      announce(copied ? text('copied', code) : text('copy_failed'));
    }
  }

  function speak(language) {
    lang = language === 'en' ? 'en' : 'vi';
    sessionStorage.setItem(LANGUAGE, lang);
    document.documentElement.lang = lang;
    document.title = text('title');
    document.querySelectorAll('[data-t]').forEach(e => { e.textContent = ''; e.appendChild(rich(text(e.dataset.t))); });
    document.querySelectorAll('[data-t-label]').forEach(e => {
      e.setAttribute('aria-label', text(e.dataset.tLabel));
      if (e.hasAttribute('title')) { e.title = text(e.dataset.tLabel); }
    });
    document.querySelectorAll('[data-t-placeholder]').forEach(e => { e.placeholder = text(e.dataset.tPlaceholder); });
    langButton.lang = lang === 'vi' ? 'en' : 'vi';
  }
  speak(lang);

  function bubble(content, who) {
    const div = document.createElement('div');
    div.className = 'msg ' + who;
    if (who === 'bot') {
      div.appendChild(rich(content));
    } else {
      div.textContent = content;
    }
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
      if (m.alert) {
        div.classList.add('alert');
        div.setAttribute('role', 'alert');
      }
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
          btn.addEventListener('click', () => send({ button: b.payload }, b.label));
          row.appendChild(btn);
        }
        div.appendChild(row);
        log.scrollTop = log.scrollHeight;
      }
      if (m.askLocation) { askLocation = true; }
    }
    locate.hidden = !(askLocation && navigator.geolocation);
  }

  // The conversation so far (a reload, a second tab): both sides as they were shown, the last question live.
  function replay(lines) {
    log.textContent = '';
    let bots = [];
    for (const line of lines || []) {
      if (line.from === 'citizen') {
        show(bots);
        bots = [];
        bubble(line.message.text || '', 'me');
      } else {
        bots.push(line.message);
      }
    }
    show(bots);
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

  function keep(token) {
    session = token;
    if (token) {
      sessionStorage.setItem(STORAGE, token);
    } else {
      sessionStorage.removeItem(STORAGE);
    }
  }

  async function start() {
    keep(null);
    const body = await call('/api/chat/sessions', { method: 'POST' });
    keep(body.session);
    if (body.language) { speak(body.language); }
    show(body.messages);
  }

  async function resume() {
    try {
      const body = await call('/api/chat/history', { method: 'GET' });
      if (body.language) { speak(body.language); }
      replay(body.lines);
    } catch (e) {
      if (e.status !== 401) { throw e; }
      await start();
    }
  }

  // Never a raw "(Failed to fetch)": a notice in the page's language, and a way to try again.
  function failed(e, what, retry) {
    const div = bubble(e.status === 429 ? e.message : text(what), 'error');
    div.setAttribute('role', 'alert');
    if (retry) {
      const again = document.createElement('button');
      again.type = 'button';
      again.className = 'retry';
      again.textContent = text('retry');
      again.addEventListener('click', () => { div.remove(); retry(); });
      div.appendChild(again);
    }
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

  // On a failure the echo goes and a retry is offered; {@code sent} runs once the server has the message.
  async function send(payload, shown, sent) {
    if (busy) { return; }
    busy = true;
    const mine = bubble(shown, 'me');
    try {
      const body = await withSession(() => call('/api/chat/messages',
        { method: 'POST', body: JSON.stringify(payload) }, { 'Content-Type': 'application/json' }));
      show(body.messages);
      if (sent) { sent(); }
    } catch (e) {
      mine.remove();
      failed(e, 'send_failed', () => send(payload, shown, sent));
    } finally {
      busy = false;
    }
  }

  // What was typed stays in the box until the server has it.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = input.value.trim();
    if (!typed) { return; }
    send({ text: typed }, typed, () => { if (input.value.trim() === typed) { input.value = ''; } });
  });

  photo.addEventListener('click', () => file.click());

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
      failed(e, 'photo_failed');
    } finally {
      progress.remove();
      busy = false;
    }
  });

  locate.addEventListener('click', () => {
    navigator.geolocation.getCurrentPosition(
      (pos) => send({ latitude: pos.coords.latitude, longitude: pos.coords.longitude }, '📍'),
      () => failed({}, 'location_failed'));
  });

  // The bot switches between Vietnamese and English on /lang; the page follows, for its own texts.
  langButton.addEventListener('click', () => {
    speak(lang === 'vi' ? 'en' : 'vi');
    send({ text: '/lang ' + lang }, '/lang ' + lang);
  });

  // On a shared phone "start over" must leave nothing behind: the other tabs move to the new session too.
  document.getElementById('restart').addEventListener('click', () => {
    log.textContent = '';
    start().then(() => { if (tabs) { tabs.postMessage({ type: 'restarted', session: session }); } })
      .catch(e => failed(e, 'connect_failed', () => document.getElementById('restart').click()));
  });

  // A second tab asks the open ones for the session; none answering within a moment, it starts one.
  function askOtherTabs() {
    if (!tabs) { return Promise.resolve(null); }
    return new Promise(resolve => {
      const heard = (event) => { if (event.data && event.data.type === 'session') { done(event.data.session); } };
      const timer = setTimeout(() => done(null), 400);
      function done(token) {
        clearTimeout(timer);
        tabs.removeEventListener('message', heard);
        resolve(token);
      }
      tabs.addEventListener('message', heard);
      tabs.postMessage({ type: 'ask' });
    });
  }

  if (tabs) {
    tabs.addEventListener('message', (event) => {
      const data = event.data || {};
      if (data.type === 'ask' && session) {
        tabs.postMessage({ type: 'session', session: session });
      } else if (data.type === 'restarted' && data.session) {
        keep(data.session);
        resume().catch(e => failed(e, 'connect_failed', resume));
      }
    });
  }

  // Officers' follow-ups and relay answers wait in the session's inbox: poll while the page is open.
  async function poll() {
    if (!session || busy || document.hidden) { return; }
    try {
      const body = await call('/api/chat/inbox', { method: 'GET' });
      if (body.messages && body.messages.length) { show(body.messages); }
    } catch (e) { /* the next poll tries again */ }
  }
  setInterval(poll, 5000);

  async function open() {
    if (!session) { keep(await askOtherTabs()); }
    if (session) {
      await resume();
    } else {
      await start();
    }
  }
  function opened() {
    open().catch(e => failed(e, 'connect_failed', () => { log.textContent = ''; opened(); }));
  }
  opened();
}());
