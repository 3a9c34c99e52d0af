// The patient's side of the web chat. Plain script, no framework and no build step, so that it loads fast
// on a phone and whoever runs Mojoe can read it. Message text is only ever set with textContent: whatever a
// patient, the assistant or a staff member writes is shown as text, never interpreted as HTML.
(function () {
  "use strict";

  var page = document.getElementById("chat");
  if (!page || !page.dataset.messagesUrl) return;
  var log = document.getElementById("chat-log");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-input");
  var sendButton = document.getElementById("chat-send");
  var attachButton = document.getElementById("chat-attach");
  var fileInput = document.getElementById("chat-file");
  var statusArea = document.getElementById("chat-status");
  var restart = document.getElementById("chat-restart");
  var phoneLink = document.querySelector(".chat-phone a");
  var messagesUrl = page.dataset.messagesUrl;
  var historyUrl = page.dataset.historyUrl;
  var filesUrl = page.dataset.filesUrl;
  var maxFileBytes = Number(page.dataset.maxFileBytes) || 0;
  var pollMs = Math.max(5, Number(page.dataset.pollSeconds) || 15) * 1000;
  // One conversation per practice and per browser tab. sessionStorage ends with the tab, so a shared
  // computer does not keep the conversation, and nothing is ever a cookie.
  var storageKey = "mojoe-chat:" + page.dataset.slug;
  // The page's words in its language, from the page itself (a JSON block, which never runs).
  var TEXT = JSON.parse(document.getElementById("chat-text").textContent);
  var AUTHORS = { patient: TEXT.you, assistant: TEXT.assistant, staff: TEXT.staff };

  var state = loadState();
  var busy = true; // until the earlier messages are back, so that a new one cannot land above them
  var shown = []; // the server's messages as shown here, to tell a staff member's new reply from old ones
  var pollTimer = null;

  function loadState() {
    try {
      return JSON.parse(window.sessionStorage.getItem(storageKey)) || {};
    } catch (error) {
      return {}; // storage is turned off (some private modes): the chat still works until the page closes
    }
  }
  function saveState() {
    try {
      window.sessionStorage.setItem(storageKey, JSON.stringify(state));
    } catch (error) { /* kept in memory for this page view */ }
  }
  function forget() {
    state = {};
    try {
      window.sessionStorage.removeItem(storageKey);
    } catch (error) { /* nothing was stored */ }
  }

  // "{name}" in a text, each replaced by values[name].
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function bubble(from, text, files) {
    var node = document.createElement("div");
    var known = Object.prototype.hasOwnProperty.call(AUTHORS, from) ? from : "assistant";
    node.className = "msg msg-" + known;
    var who = document.createElement("span");
    // Staff replies say so visibly, since they are a person answering; the others only to screen readers.
    who.className = known === "staff" ? "msg-author" : "visually-hidden";
    who.textContent = AUTHORS[known] + (known === "staff" ? "" : ": ");
    node.appendChild(who);
    (files || []).forEach(function (name) {
      var file = document.createElement("span");
      file.className = "msg-file";
      file.textContent = "\uD83D\uDCCE " + name; // a paperclip, then the file's name
      var said = document.createElement("span");
      said.className = "visually-hidden";
      said.textContent = TEXT.sent_file;
      file.insertBefore(said, file.firstChild);
      node.appendChild(file);
    });
    node.appendChild(document.createTextNode(text));
    log.appendChild(node);
    scrollDown();
    return node;
  }

  function showTyping() {
    var node = document.createElement("div");
    node.className = "msg msg-assistant msg-typing";
    var who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = TEXT.typing_who;
    node.appendChild(who);
    node.appendChild(document.createTextNode(TEXT.typing));
    log.appendChild(node);
    scrollDown();
    return node;
  }

  function say(text, isError) {
    statusArea.textContent = text || "";
    statusArea.classList.toggle("chat-error", Boolean(text && isError));
  }

  function orCall() {
    return phoneLink ? fill(TEXT.or_call, { phone: phoneLink.textContent }) : "";
  }

  // The server explains every refusal in words meant for the patient, in English; those are shown as they
  // are, unless the page speaks another language and has its own words for that refusal.
  function problem(result) {
    var data = result.data || {};
    var detail = typeof data.detail === "string" ? data.detail : "";
    var values = { seconds: result.retryAfter || TEXT.a_few, mb: Math.floor(maxFileBytes / 1048576), call: orCall() };
    var own = Object.prototype.hasOwnProperty.call(TEXT.codes, data.code) ? TEXT.codes[data.code] : "";
    if (own) return fill(own, values);
    if (result.status === 429) return detail || fill(TEXT.wait, values);
    if (result.status >= 500) return fill(TEXT.our_side, values);
    return detail || fill(TEXT.not_sent, values);
  }

  // A payload is sent as JSON; a FormData (a file) as the browser encodes it, with its own boundary.
  function post(url, payload) {
    var isForm = payload instanceof window.FormData;
    var headers = { Accept: "application/json" };
    if (!isForm) headers["Content-Type"] = "application/json";
    return window.fetch(url, {
      method: "POST",
      headers: headers,
      body: isForm ? payload : JSON.stringify(payload),
      credentials: "omit", // the chat never needs a cookie, even when a staff member is signed in here
      cache: "no-store"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return {
          ok: response.ok,
          status: response.status,
          data: data || {},
          retryAfter: response.headers.get("Retry-After")
        };
      });
    });
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    attachButton.disabled = value;
  }

  // The text box grows with what is typed, up to the height the stylesheet allows, then scrolls.
  function fit() {
    input.style.height = "auto";
    input.style.height = input.scrollHeight + 2 + "px";
  }

  function send(raw) {
    // The server strips the same way, so what is shown matches what it keeps.
    var text = raw.replace(/\u0000/g, "").trim();
    if (busy || !text) return;
    var payload = { text: text };
    if (state.token) payload.token = state.token;
    deliver(messagesUrl, payload, text, null);
  }

  // A picture or PDF, with the words typed so far, if any.
  function sendFile(file) {
    if (busy) return;
    if (maxFileBytes && file.size > maxFileBytes) {
      say(fill(TEXT.file_too_large, { mb: Math.floor(maxFileBytes / 1048576) }), true);
      return;
    }
    var text = input.value.replace(/\u0000/g, "").trim();
    var form = new window.FormData();
    form.append("file", file, file.name);
    if (text) form.append("text", text);
    if (state.token) form.append("token", state.token);
    deliver(filesUrl, form, text, [file.name]);
  }

  function deliver(url, payload, text, files) {
    setBusy(true);
    say("");
    var mine = bubble("patient", text, files);
    input.value = "";
    fit();
    var typing = showTyping();

    function giveBack(message) {
      typing.remove();
      mine.remove();
      if (!input.value) {
        input.value = text;
        fit();
      }
      say(message, true);
    }

    post(url, payload).then(function (result) {
      if (!result.ok) {
        if (result.data.code === "invalid_token") forget();
        giveBack(problem(result));
        return;
      }
      typing.remove();
      state.token = result.data.token;
      if (result.data.handed_off) state.handedOff = true;
      saveState();
      shown.push({ from: "patient", text: text });
      (result.data.replies || []).forEach(function (reply) {
        bubble("assistant", reply.text);
        shown.push({ from: "assistant", text: reply.text });
      });
      if (state.handedOff) {
        say(TEXT.staff_will_answer);
        startPolling();
      }
    }, function () {
      giveBack(fill(TEXT.unreachable, { call: orCall() }));
    }).then(function () {
      setBusy(false);
    });
  }

  function showHistory(messages) {
    messages.forEach(function (message) {
      bubble(message.from, message.text, message.files);
      shown.push({ from: message.from, text: message.text });
    });
  }

  function restore() {
    if (!state.token) return Promise.resolve();
    // Busy while the earlier messages are put back, so screen readers do not read them all out again.
    log.setAttribute("aria-busy", "true");
    return post(historyUrl, { token: state.token }).then(function (result) {
      if (result.ok) {
        showHistory(result.data.messages || []);
      } else if (result.data.code === "invalid_token") {
        forget();
      } else {
        say(fill(TEXT.history_problem, { problem: problem(result) }), true);
      }
    }, function () {
      say(TEXT.history_offline, true);
    }).then(function () {
      log.removeAttribute("aria-busy");
      scrollDown();
    });
  }

  // Once a person has the conversation, their replies arrive without the patient writing first; the page
  // asks for the conversation now and then and adds what came after the last message it shows.
  function addNewer(messages) {
    var start = 0;
    if (shown.length) {
      var last = shown[shown.length - 1];
      start = -1;
      for (var i = messages.length - 1; i >= 0; i--) {
        if (messages[i].from === last.from && messages[i].text === last.text) {
          start = i + 1;
          break;
        }
      }
      if (start < 0) return; // the page cannot tell what is new; the next round tries again
    }
    showHistory(messages.slice(start));
  }

  function poll() {
    if (busy || document.hidden || !state.token) return;
    post(historyUrl, { token: state.token }).then(function (result) {
      if (result.ok && !busy) addNewer(result.data.messages || []);
    }, function () { /* offline for a moment: the next round tries again */ });
  }

  function startPolling() {
    if (!pollTimer) pollTimer = window.setInterval(poll, pollMs);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(input.value);
    input.focus();
  });
  input.addEventListener("keydown", function (event) {
    // Enter sends, Shift+Enter starts a new line; Enter that finishes composing a word (IME) does neither.
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    send(input.value);
  });
  input.addEventListener("input", fit);
  attachButton.addEventListener("click", function () {
    if (!busy) fileInput.click();
  });
  fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    fileInput.value = ""; // the same file may be chosen again
    if (file) sendFile(file);
  });
  // Tapping Send keeps the text box focused, so a phone's keyboard does not close after every message.
  sendButton.addEventListener("mousedown", function (event) { event.preventDefault(); });
  // The link reloads the page; without the token the reloaded page starts a new conversation.
  restart.addEventListener("click", forget);

  if (window.parent !== window) {
    // In a practice website's chat panel: Escape closes the panel. The message carries nothing private,
    // so any embedding page may receive it.
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !event.isComposing) window.parent.postMessage({ mojoeChat: "close" }, "*");
    });
    // The panel gives its frame focus when it opens; typing should land in the text box straight away.
    var focusBox = function () {
      if (document.activeElement === document.body || !document.activeElement) input.focus();
    };
    window.addEventListener("focus", focusBox);
    if (document.hasFocus()) focusBox();
  }

  restore().then(function () {
    setBusy(false);
    if (state.handedOff) startPolling();
  });
})();
