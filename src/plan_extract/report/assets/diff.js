/* diff.html: a link of the list marks the change it lands on (":target" does the rest). */
function land(id) {
  document.querySelectorAll("section.change.landed").forEach((n) => n.classList.remove("landed"));
  const node = document.getElementById(id);
  if (!node) return;
  node.classList.add("landed");
  node.scrollIntoView({ block: "start" });
  document.body.dataset.landed = id;
}
window.addEventListener("hashchange", () => land(location.hash.slice(1)));
if (location.hash) land(location.hash.slice(1));
document.body.dataset.ready = String(DATA.changes);
