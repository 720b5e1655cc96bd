// Ask before a destructive form is sent (forms, or the button that sends them, marked data-confirm).
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
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

// Fields that concern only some values of another field (data-show-when="kind:complaint denunciation") are hidden
// while that field holds another value; a field with an error stays in sight. Without script every field is shown.
function applyShowWhen(form) {
  form.querySelectorAll("[data-show-when]").forEach(function (el) {
    var spec = el.getAttribute("data-show-when").split(":");
    var control = form.querySelector("[name='" + spec[0] + "']");
    if (!control) { return; }
    el.hidden = spec[1].split(" ").indexOf(control.value) < 0 && !el.classList.contains("has-error");
  });
}
document.addEventListener("change", function (event) {
  var form = event.target.form;
  if (form && form.querySelector("[data-show-when]")) { applyShowWhen(form); }
});
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form").forEach(function (form) {
    if (form.querySelector("[data-show-when]")) { applyShowWhen(form); }
  });
});

// "In báo cáo": the browser's print dialog (the print stylesheet keeps the report and drops the controls).
document.querySelectorAll("[data-print]").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });
