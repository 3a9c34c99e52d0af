// Mojoe's "Chat with us" button for a practice's own website, served per practice at /p/<slug>/chat/widget.js.
// It adds a button; the button opens the practice's chat page in a panel (the whole screen on a phone).
// Everything it draws lives in a shadow root, so the website's styles and ours cannot disturb each other,
// and its styles are a constructed stylesheet, which websites with a strict Content-Security-Policy allow.
(function (config) {
  "use strict";

  // The script's own address says where Mojoe is, so the same snippet works on any Mojoe server.
  var script = document.currentScript;
  if (!script || !script.src || !config) return;
  var registry = (window.mojoeChatWidgets = window.mojoeChatWidgets || {});
  if (registry[config.slug]) return; // the snippet pasted twice still makes one button
  registry[config.slug] = true;
  var chatUrl = new URL(config.chatPath, script.src);

  var CSS = [
    ":host { all: initial; }",
    ".launcher, .panel { font: 16px/1.3 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; }",
    ".launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; min-height: 48px;",
    "  padding: 12px 22px; border: 2px solid #ffffff; border-radius: 999px; background: #1f5f8b; color: #ffffff;",
    "  font-weight: 600; cursor: pointer; box-shadow: 0 4px 14px rgba(15, 23, 42, .3); }",
    ".launcher:hover { background: #174a6d; }",
    ".launcher[hidden], .panel[hidden] { display: none; }",
    "button:focus-visible { outline: 3px solid #ffffff; outline-offset: 2px; box-shadow: 0 0 0 6px #0b3b5c; }",
    ".panel { position: fixed; right: 20px; bottom: 20px; z-index: 2147483001; display: flex;",
    "  flex-direction: column; width: 380px; height: 640px; max-width: calc(100vw - 40px);",
    "  max-height: calc(100vh - 40px); overflow: hidden; border-radius: 14px; background: #ffffff;",
    "  box-shadow: 0 10px 40px rgba(15, 23, 42, .35); }",
    ".bar { flex: none; display: flex; align-items: center; gap: 8px; padding: 4px 4px 4px 16px;",
    "  background: #1f5f8b; color: #ffffff; }",
    ".title { flex: 1; min-width: 0; margin: 0; font-size: 16px; font-weight: 600; overflow: hidden;",
    "  text-overflow: ellipsis; white-space: nowrap; }",
    ".close { min-width: 48px; min-height: 48px; padding: 0 12px; border: 0; border-radius: 8px;",
    "  background: transparent; color: #ffffff; font: inherit; font-weight: 600; cursor: pointer; }",
    ".close:hover { background: rgba(255, 255, 255, .18); }",
    "iframe { flex: 1; width: 100%; min-height: 0; border: 0; background: #f5f7fa; }",
    // A phone gets the whole screen: a floating panel there would leave no room to read or type.
    "@media (max-width: 600px) { .panel { inset: 0; width: 100%; height: 100%; max-width: none;",
    "  max-height: none; border-radius: 0; } }"
  ].join("\n");

  function build() {
    var host = document.createElement("div");
    host.setAttribute("data-mojoe-chat", config.slug);
    var root = host.attachShadow({ mode: "open" });
    if (root.adoptedStyleSheets !== undefined && window.CSSStyleSheet) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      var style = document.createElement("style"); // older browsers
      style.textContent = CSS;
      root.appendChild(style);
    }

    var panelId = "mojoe-chat-panel";
    var launcher = document.createElement("button");
    launcher.type = "button";
    launcher.className = "launcher";
    launcher.textContent = config.label;
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", panelId);

    // Not modal on purpose: on a computer the website stays usable beside the chat.
    var panel = document.createElement("div");
    panel.id = panelId;
    panel.className = "panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", config.title);
    var bar = document.createElement("div");
    bar.className = "bar";
    var title = document.createElement("p");
    title.className = "title";
    title.textContent = config.title;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "Close";
    close.setAttribute("aria-label", "Close the chat");
    bar.appendChild(title);
    bar.appendChild(close);
    panel.appendChild(bar);
    root.appendChild(launcher);
    root.appendChild(panel);
    document.body.appendChild(host);

    var frame = null;

    function open() {
      // The chat loads on the first click only: visitors who never open it never reach Mojoe.
      if (!frame) {
        frame = document.createElement("iframe");
        frame.title = config.title;
        frame.src = chatUrl.href;
        frame.addEventListener("load", function () {
          if (!panel.hidden) frame.focus();
        });
        panel.appendChild(frame);
      }
      panel.hidden = false;
      launcher.hidden = true;
      launcher.setAttribute("aria-expanded", "true");
      frame.focus();
    }

    function shut() {
      if (panel.hidden) return;
      panel.hidden = true;
      launcher.hidden = false;
      launcher.setAttribute("aria-expanded", "false");
      launcher.focus();
    }

    launcher.addEventListener("click", open);
    close.addEventListener("click", shut);
    host.addEventListener("keydown", function (event) {
      if (event.key === "Escape") shut();
    });
    // Escape pressed inside the chat reaches this page only as a message from the chat's frame.
    window.addEventListener("message", function (event) {
      if (!frame || event.source !== frame.contentWindow || event.origin !== chatUrl.origin) return;
      if (event.data && event.data.mojoeChat === "close") shut();
    });
  }

  if (document.body) build();
  else document.addEventListener("DOMContentLoaded", build);
})(__MOJOE_WIDGET_CONFIG__);
