// Directory filter: narrows the contact list as one types. Without this file the same
// form filters on the server (?q=). Matching mirrors anphu_portal.matching.filter_by_words:
// the query is folded (accents removed, đ→d, lowercase) and every word must appear in the
// contact's stored search text.
(function () {
  "use strict";
  var form = document.querySelector("[data-directory-filter]");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[name='q']");
  var status = document.querySelector("[data-directory-status]");
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-directory-group]"));
  var MAX_LENGTH = 200;

  function fold(text) {
    return String(text || "")
      .replace(/[đĐ]/g, "d")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .join(" ");
  }

  function words(query) {
    var seen = [];
    fold(query.replace(/\u0000/g, " ").slice(0, MAX_LENGTH)).split(" ").forEach(function (word) {
      if (word && seen.indexOf(word) === -1) {
        seen.push(word);
      }
    });
    return seen;
  }

  function matches(text, queryWords) {
    return queryWords.every(function (word) {
      return text.indexOf(word) !== -1;
    });
  }

  function tocLink(group) {
    return document.querySelector(".directory-toc a[href='#" + group.id + "']");
  }

  function applyFilter() {
    var queryWords = words(input.value);
    var shown = 0;
    groups.forEach(function (group) {
      var visibleInGroup = 0;
      group.querySelectorAll("[data-search]").forEach(function (card) {
        var visible = matches(card.getAttribute("data-search"), queryWords);
        card.hidden = !visible;
        if (visible) {
          visibleInGroup += 1;
        }
      });
      group.hidden = queryWords.length > 0 && visibleInGroup === 0;
      var link = tocLink(group);
      if (link) {
        link.parentNode.hidden = group.hidden;
      }
      shown += visibleInGroup;
    });
    if (!status) {
      return;
    }
    if (queryWords.length === 0) {
      status.textContent = "";
    } else if (shown === 0) {
      status.textContent = "Không tìm thấy liên hệ nào phù hợp với “" + input.value.trim() + "”.";
    } else {
      status.textContent = "Có " + shown + " liên hệ phù hợp với “" + input.value.trim() + "”.";
    }
  }

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(applyFilter, 120);
  });
})();
