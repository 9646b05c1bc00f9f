// Search once typing pauses, not on every key. Material for MkDocs starts a query over the
// whole index on each key-up in the search field; opened from file:// its search runs on the
// page's own thread (the iframe-worker shim), so typing a word ran one query per letter, the
// short and costly ones first, and the letters after them waited. This holds the field's
// key-ups back until no key has come for PAUSE ms, then hands Material the last one: it reads
// the field's value from it, as from any key-up.
(function () {
  var PAUSE = 120;
  var waiting = null;
  document.addEventListener("keyup", function (event) {
    var field = event.target;
    // The key-up this script hands on is not trusted (made by a script): Material takes it.
    if (!event.isTrusted || !(field instanceof HTMLInputElement) ||
        !field.matches("input.md-search__input")) {
      return;
    }
    event.stopImmediatePropagation();
    clearTimeout(waiting);
    waiting = setTimeout(function () {
      field.dispatchEvent(new KeyboardEvent("keyup", { key: event.key }));
    }, PAUSE);
  }, true);
})();
