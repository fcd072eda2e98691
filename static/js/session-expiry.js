// Warn on admin forms ten minutes before the session ends, so nobody loses an article being
// typed. The end time comes from the data- attributes of this script's own tag (no inline
// script: the Content-Security-Policy is script-src 'self').
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) {
    return;
  }
  var expiresAt = Date.parse(script.dataset.expiresAt);
  var warnMs = Number(script.dataset.warnSeconds || 600) * 1000;
  if (isNaN(expiresAt)) {
    return;
  }

  function showWarning() {
    if (document.getElementById("session-expiry-warning")) {
      return;
    }
    var list = document.createElement("ul");
    list.className = "messagelist";
    var item = document.createElement("li");
    item.className = "warning";
    item.id = "session-expiry-warning";
    item.setAttribute("role", "alert");
    item.textContent =
      "Phiên làm việc sẽ hết hạn lúc " + script.dataset.expiresLabel +
      "; hãy lưu bài để không mất nội dung.";
    list.appendChild(item);
    var content = document.getElementById("content");
    if (content && content.parentNode) {
      content.parentNode.insertBefore(list, content);
    } else {
      document.body.insertBefore(list, document.body.firstChild);
    }
  }

  function start() {
    var delay = expiresAt - warnMs - Date.now();
    if (delay <= 0) {
      showWarning();
    } else {
      window.setTimeout(showWarning, delay);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
