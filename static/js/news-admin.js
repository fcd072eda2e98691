// Admin: fill the slug from a Vietnamese title the way the server does
// ("Cải cách hành chính" -> "cai-cach-hanh-chinh"); Django's own script drops the
// letters it does not know. A slug typed by hand or already saved is never touched.
(function () {
  "use strict";

  function asciiSlug(text, maxLength) {
    var slug = text
      .replace(/[đĐ]/g, "d")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
    return slug.slice(0, maxLength).replace(/-+$/, "");
  }

  function connect(sourceId, slugId) {
    var source = document.getElementById(sourceId);
    var slug = document.getElementById(slugId);
    if (!source || !slug || slug.value) {
      return;
    }
    var typedByHand = false;
    var maxLength = parseInt(slug.getAttribute("maxlength") || "200", 10);
    slug.addEventListener("input", function () {
      typedByHand = slug.value !== "";
    });
    ["input", "keyup", "change", "focus"].forEach(function (name) {
      // Bound after Django's prepopulate handler (DOMContentLoaded), so this one wins.
      source.addEventListener(name, function () {
        if (!typedByHand) {
          slug.value = asciiSlug(source.value, maxLength);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    connect("id_title", "id_slug");
    connect("id_name", "id_slug");
  });
})();
