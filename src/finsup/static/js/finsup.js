// Small behaviours without inline scripts (the CSP forbids them).
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});
document.addEventListener("click", (event) => {
  const el = event.target.closest("[data-confirm]");
  if (el && !window.confirm(el.dataset.confirm)) event.preventDefault();
});
// A list's "select all on this page" box ticks or clears every row box of its form, and the
// bulk buttons say how many are ticked.
document.addEventListener("change", (event) => {
  const form = event.target.form;
  if (!form || !form.matches("[data-bulk]")) return;
  if (event.target.matches("[data-check-all]")) {
    form.querySelectorAll("[data-row-check]").forEach((box) => { box.checked = event.target.checked; });
  }
  const ticked = form.querySelectorAll("[data-row-check]:checked").length;
  form.querySelectorAll("[data-bulk-count]").forEach((el) => { el.textContent = String(ticked); });
  form.querySelectorAll("[data-bulk-submit]").forEach((el) => { el.disabled = ticked === 0; });
});
// The header's search results close on Escape and on a click elsewhere.
function closeSiteSearch() {
  const results = document.getElementById("site-search-results");
  if (results) results.replaceChildren();
}
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && event.target.closest(".site-search")) closeSiteSearch();
});
document.addEventListener("click", (event) => {
  if (!event.target.closest(".site-search")) closeSiteSearch();
});
// A page to print (the receipt of service) prints from its own button.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
