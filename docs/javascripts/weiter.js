// Saved links keep working: a claim that got a new id or moved to another page leaves a block
// with its old id, and an actor's old profile address a page, whose data-weiter names where it
// is now (templates/_gone.html.j2, templates/actor_moved.md.j2): go on there.
(function () {
  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    var block = id ? document.getElementById(id) : document.querySelector("p.weiter");
    var to = block ? block.getAttribute("data-weiter") : null;
    if (to) {
      location.replace(to);
    }
  }
  follow();
  window.addEventListener("hashchange", follow);
})();
