// Directory filter: narrows the contact list as one types. Without this file the same
// form filters on the server (?q=). Matching mirrors anphu_portal.matching.filter_by_words:
// the query is folded (accents removed, đ→d, lowercase) and every word must appear in the
// card's text, made as Contact.build_search_text makes the stored one: the folded name,
// then the title, organization, group, numbers (as dialled and as shown), e-mail, address
// and note, all of which the card shows (read once, at the first filter, not sent twice).
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

  var texts = null;

  function cardText(card, groupName) {
    var details = [];
    card.querySelectorAll(".contact-card__title, .contact-card__org, dd").forEach(function (node) {
      details.push(node.textContent);
    });
    details.push(groupName);
    card.querySelectorAll("a[href^='tel:']").forEach(function (link) {
      details.push(link.getAttribute("href").slice(4));
    });
    var name = card.querySelector(".contact-card__name");
    return fold(name ? name.textContent : "") + " | " + fold(details.join(" "));
  }

  function searchTexts() {
    if (texts === null) {
      texts = new Map();
      groups.forEach(function (group) {
        var heading = group.querySelector("h2");
        var groupName = heading ? heading.textContent : "";
        group.querySelectorAll(".contact-card").forEach(function (card) {
          texts.set(card, cardText(card, groupName));
        });
      });
    }
    return texts;
  }

  function tocLink(group) {
    return document.querySelector(".directory-toc a[href='#" + group.id + "']");
  }

  function applyFilter() {
    var queryWords = words(input.value);
    var cardTexts = searchTexts();
    var shown = 0;
    groups.forEach(function (group) {
      var visibleInGroup = 0;
      group.querySelectorAll(".contact-card").forEach(function (card) {
        var visible = matches(cardTexts.get(card), queryWords);
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
