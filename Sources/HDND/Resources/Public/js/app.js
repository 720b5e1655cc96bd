// Ask before a destructive form is sent (forms marked data-confirm).
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) { event.preventDefault(); }
});

// Fast entry: "Thêm dòng" copies the last row with the next number.
document.addEventListener("click", function (event) {
  if (!event.target.matches("[data-add-row]")) { return; }
  var body = event.target.closest("form").querySelector("tbody");
  var last = body.lastElementChild;
  var n = body.children.length + 1;
  var row = last.cloneNode(true);
  row.classList.remove("has-error");
  row.querySelectorAll(".error").forEach(function (e) { e.remove(); });
  row.firstElementChild.textContent = n;
  row.querySelectorAll("input, select, label").forEach(function (el) {
    ["id", "name", "for"].forEach(function (attr) {
      var v = el.getAttribute(attr);
      if (v) { el.setAttribute(attr, v.replace(/_\d+$/, "_" + n)); }
    });
    if (el.tagName === "INPUT") { el.value = ""; } else if (el.tagName === "SELECT") { el.selectedIndex = 0; }
  });
  body.appendChild(row);
  row.querySelector("input").focus();
});
