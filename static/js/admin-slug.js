// Admin: fill every prepopulated slug box the way the server makes slugs
// (anphu_portal/slugs.py): "Đất đai" -> "dat-dai". Django's prepopulate.js calls the
// global URLify, whose table turns "đ" into "dj" ("djat-djai"); folding the Vietnamese
// text first, as anphu_portal.folding.fold does, leaves it only ASCII to handle.
// Loaded by templates/admin/prepopulated_fields_js.html, after Django's urlify.js.
(function () {
  "use strict";

  var djangoURLify = window.URLify;
  if (typeof djangoURLify !== "function") {
    return;
  }

  function fold(text) {
    return text
      .replace(/[đĐ]/g, "d")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "");
  }

  window.URLify = function (text, maxLength, allowUnicode) {
    return djangoURLify(allowUnicode ? text : fold(text), maxLength, allowUnicode);
  };
})();
